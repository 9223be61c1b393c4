"""Getting TikTok posts to chats: fetching, sending, caching file ids, limits, ads, inline
results."""

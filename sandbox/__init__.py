"""The offline sandbox: ``python main.py sandbox`` runs the real bot against the Telegram
emulator and a local tikwm-shaped resolver, with a chat in the terminal (or a script).

Modules, one job each:

- ``posts``: the sample TikTok posts (metadata and files) and the links to type
- ``world``: the emulated outside world (Telegram emulator, resolver, chats) and the bot on it
- ``commands``: parsing a typed or scripted line into an action
- ``render``: turning the bot's Bot API calls into terminal lines, numbering buttons
- ``transcript``: printing the bot's calls live as they are recorded
- ``session``: performing actions (speak, press, inline query, checks) against the world
- ``errors``: what counts as the bot having failed (ERROR logs, rejected calls)
- ``console``: the interactive chat (stdin read off the event loop)
- ``script``: playing a script file with checks; its exit code
- ``app``: the entry point tying them together; ``texts``: the sandbox's own strings
"""

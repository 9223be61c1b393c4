"""Tests of the bot-wide send budget shared through PostgreSQL or Redis (bot/outbox/shared)."""

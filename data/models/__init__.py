"""All tokdrop tables; importing this package registers them on ``Base.metadata``."""

from data.models.activity import Download, Music
from data.models.base import Base
from data.models.broadcast import (
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    RecipientState,
)
from data.models.cache import MediaCache, MediaKind, SystemConfig
from data.models.chat_limits import ChatLinkGate, ChatSendBucket
from data.models.coordination import JobLease, SendBudget
from data.models.platform import Platform
from data.models.preferences import ChatPreference
from data.models.stats import COUNTER_COLUMNS, HourlyStats
from data.models.subscription import CreatorPoll, Subscription, SubscriptionDelivery
from data.models.ttbot_import import TtbotImport
from data.models.user import User

__all__ = [
    "COUNTER_COLUMNS",
    "Base",
    "Broadcast",
    "BroadcastRecipient",
    "BroadcastStatus",
    "ChatLinkGate",
    "ChatPreference",
    "ChatSendBucket",
    "CreatorPoll",
    "Download",
    "HourlyStats",
    "JobLease",
    "MediaCache",
    "MediaKind",
    "Music",
    "Platform",
    "RecipientState",
    "SendBudget",
    "Subscription",
    "SubscriptionDelivery",
    "SystemConfig",
    "TtbotImport",
    "User",
]

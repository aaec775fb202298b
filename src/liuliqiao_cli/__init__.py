"""liuliqiao — 诉求台账, the complaint ledger of a jointly managed housing estate."""

__version__ = "0.1.0"

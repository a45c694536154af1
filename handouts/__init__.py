"""handouts: personalized, printable packets for families facing a relapse of childhood ALL."""

__version__ = "0.1.0"

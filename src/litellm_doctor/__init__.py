"""litellm-doctor: find out why a LiteLLM request failed, and what to change."""

__version__ = "0.1.0"

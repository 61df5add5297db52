"""Planted secrets of every common shape, shared by the tests that assert none survives any output."""

PLANTED = {
    "openai": "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
    "openai_project": "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEf",
    "anthropic": "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-AbCdEfGhIj_kLmN",
    "litellm_virtual": "sk-1i__lVz3qAAR3IVbLrsvSg",
    "litellm_master": "sk-my-master-key-2024",
    "azure": "0123456789abcdef0123456789abcdef",
    "aws_access": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "google": "AIzaSyA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1v",
    "jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "db_password": "s3cr3tP4ssw0rd",
    "bearer_opaque": "opaque.token-value_123456",
}


def texts_with_secrets() -> list[str]:
    p = PLANTED
    return [
        f"litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: {p['openai']}.",
        f"Incorrect API key provided: {p['openai_project']}",
        f"AnthropicException - invalid x-api-key {p['anthropic']}",
        f"Authentication Error, Invalid proxy server token passed. Received API Key = {p['litellm_virtual']}",
        f"curl -H 'Authorization: Bearer {p['litellm_master']}' http://localhost:4000/v1/models",
        f"AzureException - api-key: {p['azure']} Access denied due to invalid subscription key",
        f"BedrockException - aws_access_key_id={p['aws_access']} aws_secret_access_key={p['aws_secret']} Unable to locate credentials",
        f"Gemini API key not valid: {p['google']}",
        f"Authorization: Bearer {p['jwt']}",
        f"DATABASE_URL=postgresql://litellm:{p['db_password']}@db:5432/litellm Could not connect to the query engine",
        f"Authorization: Bearer {p['bearer_opaque']} 401",
    ]

"""The redaction matrix: every secret shape x every notation it appears in (issue 15).

Shared by the unit matrix (masking.mask on each cell) and the CLI matrix (every command and format
on files holding all cells at once). Values are made up, but each has the exact shape of its kind.
"""

from __future__ import annotations

import re

# Shape name -> a made-up secret of that exact shape.
SHAPES = {
    "openai": "sk-" + "Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd7fGh9jKl1n",
    "openai_project": "sk-proj-" + "Qw3rTy5uIo7pAs9dFg1hJk3lZx5cVb7nMq9wEr1tYu3i_-Op5a",
    "anthropic": "sk-ant-api03-" + "Zx9cVb7nMq5wEr3tYu1iOp9aSd7fGh5jKl3zXc1vBn-Mq9wEr7tYu5i",
    "openrouter": "sk-or-v1-" + "9c4e7a1f3b8d2e6a0c5f9b3d7e1a4c8f2b6d0e9a3c7f1b5d8e2a6c0f4b9d3e7a1c",
    "litellm_virtual": "sk-" + "1i__lVz3qAAR3IVbLrsvSg",
    "perplexity": "pplx-" + "Hq4Lw8Zr2Tn6Vb0Xc5Mk9Pd3Fs7Gj1Ya",
    "nvidia": "nvapi-" + "Rk2_Xw7Lq9Zt4Vn1Bc6Md8Fj3Hs5Gp0Ya-Ue2Iw4Oq6Tr8Ly",
    "replicate": "r8_" + "Kd9Lm2Np4Qr6St8Uv0Wx1Yz3Ab5Cd7Ef9GhI",
    "cerebras": "csk-" + "m4n8p2q6r9s3t7v1w5x0y4z8a2b6c9d3e7f1g5h0",
    "databricks": "dapi" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "fireworks": "fw_" + "3Zk9Qm2Vx7Lp4Rt8Wn1Yb6Hd",
    "slack": "xoxb-" + "4829173650281-9371046285730-Ab3dEf5hIj7lMn9pQr1tUv3x",
    "github_app": "ghs_" + "Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd7fGh9j",
    "github_pat": "github_pat_" + "11ABCDEFG0123456789_Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd7fGh9jKl1nMp3",
    "langfuse_public": "pk-lf-" + "8e3b5f1a-9c2d-4e7f-a6b0-3d8c1f5e9a2b",
    "langfuse_secret": "sk-lf-" + "5d9a2e7c-3f1b-4a8e-9c6d-2b7f0e4a8c1d",
    "groq": "gsk_" + "Wd7Pq2Lx9Rt4Vm6Zn1Bc8Kf3Hs5Gj0YaUe2Iw4Oq6Tr8Ly1Mp",
    "xai": "xai-" + "Tq8Wm3Zr6Lp1Vx9Kb4Nd7Hf2Gs5Jc0Ya",
    "huggingface": "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNm12345678",
    "google": "AIza" + "SyA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1v",
    "aws_access": "AKIA" + "Q3EGRLXTW5JZ7NKB",
    "aws_secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8Lm3Vr2T",
    "azure_32": "0f9e8d7c6b5a49382716a5b4c3d2e1f0",
    "azure_84": "7Hq2Lw8Zr4Tn6Vb0Xc5Mk9Pd3Fs7Gj1YaUe2Iw4Oq6Tr8Ly1Mp3Nk5Bv7Cx9Zs2Df4Gh6Jk8Lq0Wr3Ea5Ty7U",
    "jwt": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkb2N0b3ItdGVzdCJ9.Qm3Vr2TzK8Lp4Wn1Yb6Hd9Xc5Mk0Fs7Gj",
    "anyscale": "esecret_" + "q7wm3zr6lp1vx9kb4nd7hf2gs5",
    "elevenlabs": "sk_" + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c",
    "entra_client_secret": "abc8Q~" + "Xy9_z.-Kq3w7VbN1mR5tY2uI4oP6aS8dF",
    "bedrock_api_key": "ABSK" + "QmVkcm9ja0FQSUtleS1hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5",
    "github_oauth": "gho_" + "Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd7fGh9j",
    "stripe_restricted": "rk_live_" + "51Hq2Lw8Zr4Tn6Vb0Xc5Mk9Pd3Fs7Gj1Ya",
    "google_oauth": "ya29." + "a0AfH6SMBq7wm3zr6lp1vx9kb4nd7hf2gs5Jc0Ya",
    "langsmith": "lsv2_pt_" + "9f86d081884c7d659a2feaa0c55ad015_3bf4f1b2b0",
    "opaque": "Vq7-Lm3.Zr9_Tn2~Wb6Hd4",  # no shape at all: only a notation can give it away
}

# Notation name -> how a secret `{s}` appears in text.
CONTEXTS = {
    "bare": "litellm.AuthenticationError: Incorrect API key provided: {s} (check it)",
    "key_value": "OPENAI_API_KEY={s} litellm --config config.yaml",
    "json": '{{"error": {{"message": "invalid", "api_key": "{s}"}}}}',
    "escaped_json": '"body": "{{\\"api_key\\": \\"{s}\\", \\"model\\": \\"gpt-4o\\"}}"',
    "yaml_block": "litellm_params:\n  api_key: |\n    {s}\n  model: gpt-4o",
    "url_userinfo": "cannot connect to https://admin:{s}/x@db.example.com:5432/litellm",
    "url_query": "GET https://example.blob.core.windows.net/c?sv=2022&sig={s}&se=2030 failed",
    "query_code": "POST https://fn.azurewebsites.net/api/x?code={s} returned 401",
    "header_bearer": "curl -H 'Authorization: Bearer {s}' http://localhost:4000/v1/models",
    "header_token": "Authorization: Token {s}",
    "header_basic": "proxy-authorization: Basic {s}",
    "curl_user": "curl -u admin:{s} https://api.example.com/v1/models",
    "markdown_emphasis": "the key was **{s}** before rotation",
    "misspelled_key": "api_kye: {s}",
    "aws_notation": "SecretAccessKey={s} AccessKeyId=AKIAQ3EGRLXTW5JZ7NKB",
    "percent_encoded": "GET /callback?state=x&redirect=%2Fv1%3Fkey%3D{s} HTTP/1.1",
    "escaped_newline": '{{"detail": "invalid credentials:\\n{s}\\nrotate it"}}',
    "cookie": "Cookie: litellm_session={s}; Path=/",
    "cli_flag": "litellm --config c.yaml --api-key {s} --port 4000",
    "netrc": "machine api.openai.com login me password {s}",
    "markdown_table": "| setting | value |\n| api_key | {s} |",
    "python_repr": "Router(model_list=[{{'litellm_params': {{'api_key': '{s}', 'model': 'gpt-4o'}}}}])",
    "header_x_api_key": "x-api-key: {s}",
}

_PREFIX = re.compile(
    r"^(?:sk-(?:ant-api\d\d-|proj-|or-v1-|lf-)?|pk-lf-|pplx-|nvapi-|r8_|csk-|dapi|fw_|xoxb-|ghs_|gho_|github_pat_|gsk_|xai-|hf_|AIza|AKIA"
    r"|esecret_|sk_|ABSK|rk_live_|ya29\.|lsv2_pt_)"
)


def pieces(secret: str) -> set[str]:
    """The secret, and every 10-character piece of it after its well-known prefix (a mask keeps the
    prefix and, for long keys, the last four characters on purpose: `sk-proj-****CdEf`)."""
    m = _PREFIX.match(secret)
    rest = secret[m.end():] if m else secret
    return {secret} | {rest[i:i + 10] for i in range(max(1, len(rest) - 9))}


def leaked(output: str, secrets: dict[str, str] | None = None) -> list[str]:
    return [name for name, s in (secrets or SHAPES).items() if any(p in output for p in pieces(s))]


def cells():
    """(shape, context, text) for every cell of the matrix."""
    for shape, secret in SHAPES.items():
        for context, template in CONTEXTS.items():
            if shape == "opaque" and context in ("bare", "markdown_emphasis", "escaped_newline"):
                continue  # a value with no shape in prose: only a registered (known) secret is masked
            yield shape, context, template.format(s=secret)

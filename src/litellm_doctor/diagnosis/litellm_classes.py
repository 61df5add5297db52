"""The exception class LiteLLM raises for a provider's HTTP status, and the status each class carries: read from
LiteLLM's source.

Written once here: unwrap.inner_status reads a fall-through `APIConnectionError` with it at run time,
facts.extract reads the status a class implies with CLASS_STATUS (below), and the corpus scripts
(tests/corpus/harvest_templates.py, mapping_phrases.py) render provider errors with it.
Light on purpose: no litellm import, nor any other.

The generic path is `_map_exception_by_status` in litellm/litellm_core_utils/exception_mapping_utils.py,
which `exception_type` calls for every provider it has no branch for (and after a provider's branch that
did not raise): 1.103.0 :2237-2341, 1.108.14 :2301-2413, 1.110.2 :2389-2501. Its `match` (line of the
`case`, 1.103.0 / 1.108.14 / 1.110.2):

    401 AuthenticationError      :2254 / :2318 / :2406
    403 PermissionDeniedError    :2262 / :2326 / :2414
    404 NotFoundError            :2270 / :2334 / :2422
    408 Timeout                  :2278 / :2342 / :2430
    429 RateLimitError           :2285 / :2349 / :2437
    500 InternalServerError      :2293 / :2357 / :2445
    502 BadGatewayError          :2301 / :2365 / :2453
    503 ServiceUnavailableError  :2309 / :2373 / :2461
    504 Timeout                  :2317 / :2381 / :2469
    402 PaymentRequiredError     -     / :2389 / :2477  (1.103.0: BadRequestError, by the next case)
    other < 500 BadRequestError  :2325 / :2397 / :2485  (so 400, 413 and 422 too)
    other       APIError         :2333 / :2405 / :2493

(a status under 400, or none, raises nothing there: :2247 / :2311 / :2399). The provider branches mostly
agree; where one differs it is that provider's (e.g. Replicate's 422 -> UnprocessableEntityError, 1.103.0
:689; Anthropic's 529 -> InternalServerError, :605; Vertex's 502 -> APIConnectionError, :1347), not this
table's. The classes' messages start `litellm.<Class>: ` (litellm/exceptions.py, e.g. 1.110.2 BadGatewayError
:823-838, PaymentRequiredError :652-678, a subclass of BadRequestError).
"""

from __future__ import annotations

STATUS_CLASS = {
    401: "AuthenticationError", 402: "PaymentRequiredError", 403: "PermissionDeniedError", 404: "NotFoundError",
    408: "Timeout", 429: "RateLimitError", 500: "InternalServerError", 502: "BadGatewayError",
    503: "ServiceUnavailableError", 504: "Timeout",
}


# The other way round: the status each class's exception carries (`self.status_code = N` in litellm/exceptions.py,
# 1.110.2: AuthenticationError :182, NotFoundError :233, BadRequestError :277, UnprocessableEntityError :387,
# Timeout :426 (408 unless the provider's status is passed), PermissionDeniedError :475, RateLimitError :514,
# ContextWindowExceededError :609, PaymentRequiredError :652, ContentPolicyViolationError :738,
# ServiceUnavailableError :783, BadGatewayError :823, InternalServerError :868, UnsupportedParamsError :1068),
# which is the status the proxy answers a request with when its call raised that class (ProxyException keeps
# `status_code`). facts.extract reports it when the text names the class and states no error status.
# APIConnectionError is left out on purpose: it carries 500 (:964), but no HTTP status came back from the
# upstream; the proxy's 500 around it is the wrapper's, not the failure's (the thirty-first pass: the bare body
# `{"error": {"message": "litellm.APIConnectionError: ...", "code": "500"}}` reports no status).
CLASS_STATUS = {
    "AuthenticationError": "401", "PaymentRequiredError": "402", "PermissionDeniedError": "403", "NotFoundError": "404",
    "Timeout": "408", "RateLimitError": "429", "BadRequestError": "400", "ContextWindowExceededError": "400",
    "ContentPolicyViolationError": "400", "UnsupportedParamsError": "400", "UnprocessableEntityError": "422",
    "InternalServerError": "500", "BadGatewayError": "502", "ServiceUnavailableError": "503",
}


def status_class(status: int) -> str:
    """The class LiteLLM's generic mapper raises for an HTTP error status (400 and up)."""
    return STATUS_CLASS.get(status) or ("BadRequestError" if status < 500 else "APIError")

# Every exception class litellm/exceptions.py defines that a paste shows by its bare name (channels.notebook writes
# `litellm.exceptions.` back on it where IPython dropped the module): the classes above, and those that carry no
# status of their own or are wrappers.
EXCEPTION_CLASSES = frozenset(CLASS_STATUS) | {
    "APIConnectionError", "APIError", "APIResponseValidationError", "BudgetExceededError", "InvalidRequestError",
    "JSONSchemaValidationError", "MidStreamFallbackError", "RejectedRequestError",
}

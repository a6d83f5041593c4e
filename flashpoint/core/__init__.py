"""The ground floor: what every stage shares, and nothing of any stage.

Takes nothing in and gives out the building blocks: the root exception and exit codes
(``errors``, ``exitcodes``), Kafka client settings and topic creation (``kafkaconf``,
``kafkaadmin``), the outbound-address guard (``netguard``), config-file reading
(``configfile``), URL redaction (``urls``), durations, the backoff schedule, log formats,
rate-limited logging, the health probes (``health``), the HTTP servers (``httpserve``), the
bounds shared by settings (``fieldtypes``) and the one metrics helper (``metrics``).

May import: the standard library and third-party packages only. It imports no stage
(``producers``, ``streams``, ``alerts``) and nothing of the commands above it; the
import-linter contract in pyproject.toml holds it to that.
"""

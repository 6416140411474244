"""The value Pulumi writes for an input that is not known until deploy.

``pulumi preview --json`` (and the engine's events, and the SDK's mocks) put this UUID where an
output of another resource will go. It is part of Pulumi's wire format, not ours: the plan
reader recognises it so an unknown input is never priced as zero, and the offline planner
writes it so its documents read like the CLI's.
"""

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

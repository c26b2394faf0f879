"""Bill approvals: approval policies (list, create, update, delete), approve/deny actions and
the caller's pending approvals; policies assign approvers to bills through bills' hook."""

"""Partner operations (BILL-RULES §2.1, §5.16b): partner login with ``appKey``, login-as-user (an
ordinary org session), partner organizations (create, list, price plan), users and roles of a
child organization (``organizationId`` header), risk-verification phone."""

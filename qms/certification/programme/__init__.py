"""The audit programme of a certification cycle (domain spec §3.7). Its pure date rules are
imported from rules.py (the contract is in its docstring; policy.py, cycle.py and checks.py
hold the parts)."""

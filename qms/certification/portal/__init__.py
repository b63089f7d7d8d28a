"""The client portal: a client contact sees its own audits and answers nonconformities."""

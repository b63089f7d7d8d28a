"""Root-cause analysis of a nonconformity (5 whys, Ishikawa, 8D) and the disposition of
nonconforming output (§8.7). A sub-package of the nonconformities app with its own models,
services, views and API, wired into the app by `models`, `urls`, `api.urls` and `ready()`."""

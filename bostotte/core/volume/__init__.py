"""Volume data and benchmarks (issue 10): `manage.py seed_volume` builds a realistic large
municipality with PostgreSQL COPY; `middleware.QueryCountMiddleware` reports the query count of
a request when BENCH_QUERY_COUNT is on. See docs/benchmarks.md."""

"""What Hadir tells a monitoring system: Prometheus metrics (``/metrics``), request latencies
and JSON log lines (docs/deploy.md "Monitoring"). Counts, ages and route names only: nothing
here reads or writes a name, a NIP or an address into a metric or a log line."""

# expect-none: *
threads_count = Integer(ENV.fetch("MAX_THREADS", 5))
threads threads_count, threads_count
# expect-none: *
workers Integer(ENV["WEB_CONCURRENCY"] || 2)

# expect: port-binding/no-hardcoded-port
bind "tcp://0.0.0.0:9000"
# expect: concurrency/no-daemonize
daemonize true
# expect: concurrency/no-daemonize
pidfile "/var/run/rack-api.pid"
# expect: logs/no-log-file
stdout_redirect "log/puma.stdout.log", "log/puma.stderr.log", true

on_worker_boot do
  # expect-none: *
  API_DB.reconnect if defined?(API_DB)
end

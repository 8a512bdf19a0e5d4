require_relative "../config/boot"

# expect: concurrency/no-daemonize
Process.daemon(true, false)
# expect: concurrency/no-daemonize
File.write("tmp/pids/weekly_digest.pid", Process.pid.to_s)

User.find_each { |u| DigestJob.perform_async(u.id, u.email) }

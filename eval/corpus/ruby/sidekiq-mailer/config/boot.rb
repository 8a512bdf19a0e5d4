require "sidekiq"
require "mail"
require "logger"
require_relative "../lib/jobs/digest_job"

Sidekiq.configure_server do |config|
  # expect: config/no-hardcoded-url | backing-services/no-fixed-host
  config.redis = { url: "redis://redis-queue.prod.acme.internal:6379/2" }
  # expect: logs/no-log-file
  config.logger = Logger.new("/var/log/mailer/sidekiq.log")
end

Sidekiq.configure_client do |config|
  # expect-none: *
  config.redis = { url: ENV.fetch("REDIS_URL", "redis://localhost:6379/0") }
end

Mail.defaults do
  delivery_method :smtp,
    # expect: backing-services/no-fixed-host | config/no-hardcoded-url
    address: "smtp.postmarkapp.com",
    # expect-none: *
    port: 587,
    # expect-none: *
    user_name: ENV["SMTP_USER"],
    # expect: config/no-hardcoded-secret
    password: "8b2f9c1e-4d7a-4e3b-9f6c-2a5d8e1b7c4f",
    # expect-none: *
    enable_starttls_auto: true
end

require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.cache_classes = true
  config.eager_load = true
  config.consider_all_requests_local = false

  # expect: processes/no-local-uploads
  config.active_storage.service = :local

  # expect-none: *
  config.force_ssl = true
  # expect-none: *
  config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "info")
  # expect-none: logs
  config.log_tags = [:request_id]

  # expect: logs/no-log-file
  config.logger = ActiveSupport::Logger.new("log/production.log", 5, 10.megabytes)

  # expect-none: *
  config.action_mailer.default_url_options = { host: "helpdesk.example.com" }

  # expect: dev-prod-parity/no-env-branching-backing-service
  config.active_job.queue_adapter = Rails.env.production? ? :sidekiq : :async
end

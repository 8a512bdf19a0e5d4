Rails.application.configure do
  config.cache_classes = false
  config.eager_load = false
  config.consider_all_requests_local = true

  # mailcatcher on the developer's machine
  # expect-none: backing-services
  config.action_mailer.smtp_settings = { address: "localhost", port: 1025 }
  # expect-none: *
  config.action_mailer.default_url_options = { host: "localhost", port: 3000 }
  # expect-none: logs
  config.logger = ActiveSupport::Logger.new($stdout)
end

require "clockwork"
require_relative "config/boot"

module Clockwork
  configure do |config|
    # expect-none: logs
    config[:logger] = Logger.new($stdout)
  end

  # expect-none: *
  every(1.week, "digest.enqueue", at: "Monday 07:00") { DigestJob.perform_async(0, "all@example.com") }
end

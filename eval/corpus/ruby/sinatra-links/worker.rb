require "json"
require "redis"
require "sequel"

# expect-none: *
redis = Redis.new(url: ENV.fetch("REDIS_URL", "redis://localhost:6379/0"))
# expect-none: *
db = Sequel.connect(ENV.fetch("DATABASE_URL"))

$stdout.sync = true

# expect: disposability/no-sigterm-handler
loop do
  _queue, raw = redis.brpop("links:clicks")
  click = JSON.parse(raw)
  db[:clicks].insert(code: click["code"], at: Time.now, referer: click["referer"])
  # expect-none: logs
  puts "recorded click on #{click['code']}"
end

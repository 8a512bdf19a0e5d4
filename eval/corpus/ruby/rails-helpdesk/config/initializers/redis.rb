# expect: backing-services/no-fixed-host | config/no-hardcoded-url
$redis = Redis.new(host: "localhost", port: 6379, db: 2)

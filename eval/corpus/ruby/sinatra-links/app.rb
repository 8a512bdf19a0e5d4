require "sinatra/base"
require "json"
require "logger"
require "securerandom"
require "sequel"
# expect: dependencies/no-undeclared-import
require "rack/attack"

# expect: config/no-hardcoded-url | backing-services/no-fixed-host
DB = Sequel.connect("postgres://links:l1nksPa55w0rd@db.acme.internal/links")
Sequel.extension :migration
# expect: admin-processes/no-migration-at-startup
Sequel::Migrator.run(DB, File.join(__dir__, "db/migrations"))

# expect: logs/no-log-file
LOGGER = Logger.new("log/links.log", "daily")

class LinksApp < Sinatra::Base
  use Rack::Attack

  # expect-none: processes
  enable :sessions
  # expect: config/no-hardcoded-secret
  set :session_secret, "e3f1a9c4b7d2e8f0a5c3b9d1e7f4a2c8b6d0e9f3a1c5b7d2e4f8a0c6b3d9e1f7"
  # expect-none: *
  set :bind, "0.0.0.0"
  # expect: port-binding/no-hardcoded-port
  set :port, 4567

  # expect: processes/no-module-level-cache
  $hits = Hash.new(0)

  # expect-none: *
  DOCS_URL = "https://sinatrarb.com/intro.html".freeze

  get "/:code" do
    link = DB[:links].where(code: params[:code]).first
    # expect-none: *
    halt 404, { error: "unknown link" }.to_json unless link
    $hits[params[:code]] += 1
    redirect link[:url], 301
  end

  post "/links" do
    code = SecureRandom.alphanumeric(7)
    DB[:links].insert(code: code, url: JSON.parse(request.body.read)["url"])
    status 201
    { code: code }.to_json
  end

  get "/admin/reload" do
    LOGGER.warn("reload requested")
    # expect: disposability/no-exit-in-request
    exit!(0)
  end
end

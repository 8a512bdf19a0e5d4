require "roda"
require "mongo"
require "aws-sdk-s3"
require "tmpdir"
require "json"

# expect: backing-services/no-fixed-host | config/no-hardcoded-url
API_DB = Mongo::Client.new(["127.0.0.1:27017"], database: "api")
# expect: config/no-hardcoded-url | backing-services/no-fixed-host
ASSETS = Aws::S3::Resource.new(region: "us-east-1").bucket("acme-api-assets-production")

class Api < Roda
  plugin :json
  plugin :all_verbs

  route do |r|
    r.get "health" do
      # expect-none: *
      { status: "ok", docs: "https://roda.jeremyevans.net/documentation.html" }
    end

    r.post "avatars" do
      upload = r.params["file"]
      # expect-none: processes
      Dir.mktmpdir do |dir|
        resized = File.join(dir, "avatar.png")
        # expect: dependencies/no-undeclared-system-tool
        `convert #{upload[:tempfile].path} -resize 256x256 #{resized}`
        ASSETS.object("avatars/#{SecureRandom.uuid}.png").upload_file(resized)
      end
      response.status = 201
      { ok: true }
    end

    r.get "items", String do |id|
      item = API_DB[:items].find(_id: id).first
      # expect-none: *
      r.halt(404, { error: "not found" }.to_json) unless item
      item
    end
  end
end

require_relative "lib/api"

# expect: build-release-run/no-runtime-install
system("bundle install --quiet") unless File.exist?(File.join(__dir__, ".bundle/config"))

run Api.freeze.app

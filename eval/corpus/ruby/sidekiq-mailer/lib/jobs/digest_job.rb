require "erb"
# expect: dependencies/no-undeclared-import
require "nokogiri"

class DigestJob
  include Sidekiq::Job
  # expect-none: *
  sidekiq_options queue: "mailers", retry: 5

  TEMPLATE = ERB.new(File.read(File.join(__dir__, "../../templates/digest.html.erb")))

  def perform(user_id, email)
    # expect: codebase/no-host-branching
    return if ENV["HEROKU_APP_NAME"] == "mailer-staging" && !email.end_with?("@acme.example")

    html = TEMPLATE.result_with_hash(user_id: user_id)
    text = Nokogiri::HTML(html).text
    Mail.deliver do
      # expect-none: *
      from "Acme Digest <digest@example.com>"
      to email
      subject "Your weekly digest"
      text_part { body text }
      html_part { content_type "text/html; charset=UTF-8"; body html }
    end
    # expect-none: logs
    Sidekiq.logger.info("digest sent to user #{user_id}")
  end
end

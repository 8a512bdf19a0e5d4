class SlaSweepJob < ApplicationJob
  queue_as :default

  def perform
    Ticket.open.where("created_at < ?", 4.hours.ago).find_each do |ticket|
      # expect-none: logs
      Rails.logger.info("SLA breached for ticket #{ticket.id}")
      ticket.update!(escalated: true)
    end
  end
end

class TicketsController < ApplicationController
  # expect: processes/no-module-level-cache
  @@recent_views = {}
  # expect-none: processes
  PRIORITIES = { "p1" => "Urgent", "p2" => "High", "p3" => "Normal" }.freeze

  def show
    @ticket = Ticket.find(params[:id])
    @@recent_views[current_user.id] = @ticket.id
    # expect-none: *
    render json: @ticket.as_json.merge(priority_label: PRIORITIES[@ticket.priority])
  end

  def export
    @ticket = Ticket.find(params[:id])
    html = render_to_string(:export, layout: false)
    path = Rails.root.join("tmp", "ticket-#{@ticket.id}.html")
    File.write(path, html)
    # expect: dependencies/no-undeclared-system-tool
    system("wkhtmltopdf", path.to_s, path.sub_ext(".pdf").to_s)
    send_file path.sub_ext(".pdf"), type: "application/pdf"
  end

  def create
    @ticket = Ticket.create!(ticket_params)
    # expect-none: *
    head :created, location: ticket_url(@ticket)
  end

  private

  def ticket_params
    params.require(:ticket).permit(:subject, :body, :priority)
  end
end

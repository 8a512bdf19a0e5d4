require "socket"

# Only one box runs the SLA sweeper.
# expect: codebase/no-host-branching
if Socket.gethostname == "helpdesk-worker-1"
  Rails.application.config.after_initialize do
    SlaSweepJob.set(wait: 5.minutes).perform_later
  end
end

Rails.application.config.after_initialize do
  # expect: admin-processes/no-migration-at-startup
  ActiveRecord::Tasks::DatabaseTasks.migrate if ActiveRecord::Base.connection.migration_context.needs_migration?
end

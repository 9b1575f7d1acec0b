-- The retention purge (issue 8) as a scheduled task: daily at 03:30 UTC the worker's
-- maintenance queue runs `runPurge(sql, {scheduled: true})` (source/services/retention.ts)
-- for task_type 'retention'. archive_dir in task_config overrides PF_ARCHIVE_DIR.
-- Inserted once (it may already exist when the table is edited by hand); edit or
-- deactivate the row to change the schedule.
INSERT INTO jobs_scheduled_tasks (task_name, task_type, schedule_cron, task_config)
SELECT 'retention-purge', 'retention', '30 3 * * *', '{"policy": "schema-v2 data retention"}'::jsonb
WHERE NOT EXISTS (SELECT 1 FROM jobs_scheduled_tasks WHERE task_name = 'retention-purge');

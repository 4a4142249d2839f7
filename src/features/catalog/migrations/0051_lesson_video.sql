-- The video file of a video lesson, kept by the media store (0030). Its processing state,
-- duration and poster live on the media row.
ALTER TABLE lessons ADD COLUMN video_id BIGINT REFERENCES media (id) ON DELETE SET NULL;

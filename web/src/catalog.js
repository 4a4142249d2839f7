// Course lessons: resume a video where the learner stopped (on any device), save the
// position while watching, and a transcript that follows the video, can be searched and
// seeks on click. Without JavaScript the native player with captions still works.

function saveProgress(video, position, beacon) {
  const url = video.dataset.progressUrl;
  if (!url || !Number.isFinite(position)) return;
  const body = new URLSearchParams({ _csrf: video.dataset.csrf, position: position.toFixed(1) });
  if (beacon && navigator.sendBeacon) {
    navigator.sendBeacon(url, body);
    return;
  }
  fetch(url, { method: 'POST', body, credentials: 'same-origin', keepalive: true }).catch(() => {});
}

function enhanceVideo(video) {
  const resume = Number(video.dataset.resume || 0);
  const seek = () => {
    // Near the end means finished: start again from the beginning.
    if (resume > 0 && (!video.duration || resume < video.duration - 5)) video.currentTime = resume;
  };
  // A video already in the browser's cache may have its metadata before this script runs, and
  // then 'loadedmetadata' has fired already: seek at once.
  if (video.readyState >= HTMLMediaElement.HAVE_METADATA) seek();
  else video.addEventListener('loadedmetadata', seek, { once: true });
  let lastSaved = resume;
  video.addEventListener('timeupdate', () => {
    if (Math.abs(video.currentTime - lastSaved) >= 10) {
      lastSaved = video.currentTime;
      saveProgress(video, video.currentTime, false);
    }
  });
  for (const type of ['pause', 'ended', 'seeked']) {
    video.addEventListener(type, () => {
      lastSaved = video.currentTime;
      saveProgress(video, type === 'ended' ? video.duration : video.currentTime, false);
    });
  }
  window.addEventListener('pagehide', () => saveProgress(video, video.currentTime, true));
}

function enhanceTranscript(video, list) {
  const cues = [...list.querySelectorAll('li[data-start]')];
  list.addEventListener('click', (event) => {
    const link = event.target.closest('a.cs-cue-time');
    if (!link || !video) return;
    event.preventDefault();
    video.currentTime = Number(link.closest('li').dataset.start);
    video.play().catch(() => {});
    video.focus();
  });
  if (video) {
    video.addEventListener('timeupdate', () => {
      let current = null;
      for (const cue of cues) if (Number(cue.dataset.start) <= video.currentTime) current = cue;
      for (const cue of cues) {
        if (cue === current) cue.setAttribute('aria-current', 'true');
        else cue.removeAttribute('aria-current');
      }
    });
  }
  const search = document.querySelector('[data-transcript-search]');
  if (search) {
    search.addEventListener('input', () => {
      const q = search.value.trim().toLocaleLowerCase();
      for (const cue of cues) cue.hidden = q !== '' && !cue.textContent.toLocaleLowerCase().includes(q);
    });
  }
}

export function enhanceLessons() {
  const video = document.getElementById('lesson-video');
  if (video) enhanceVideo(video);
  const list = document.querySelector('.cs-cues');
  if (list) enhanceTranscript(video, list);
}

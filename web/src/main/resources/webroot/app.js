// gbscan web page: score a photo of the ultrasound screen, and browse recently scored studies.
// Plain browser JavaScript, no framework, no build step. Talks only to this server's /api and /fhir.
'use strict';

(() => {
  const TOKEN_KEY = 'gbscan.token';
  const $ = (id) => document.getElementById(id);
  const objectUrls = new Set();

  // ---------- helpers ----------

  /** A probability as a percentage; a study the quality gate refused has none (null). */
  function percent(p) {
    return p === null || p === undefined ? '–' : (p * 100).toFixed(1) + ' %';
  }

  function labelText(label) {
    return label === 'BA' ? 'BA suspected' : label === 'NON_BA' ? 'BA not suspected' : 'not assessable';
  }

  /** The verdict badge; no label means the quality gate refused the study (grey "not assessable"). */
  function setBadge(el, label, small) {
    el.textContent = labelText(label);
    el.className = 'badge ' + (label === 'BA' ? 'ba' : label === 'NON_BA' ? 'non-ba' : 'na') + (small ? ' small' : '');
  }

  function dicomDate(da) {
    return /^\d{8}$/.test(da || '') ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : 'date unknown';
  }

  function localTime(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  }

  /**
   * The message of an /api or /fhir error (an OperationOutcome), or a generic one, and whether it is the
   * model's quality gate refusing the image (the issue's details then code the reason).
   */
  async function errorOutcome(response) {
    try {
      const body = await response.json();
      const issue = body && body.issue && body.issue[0];
      if (issue && issue.diagnostics) {
        const coding = issue.details && issue.details.coding && issue.details.coding[0];
        return { message: issue.diagnostics, refused: Boolean(coding && coding.code) };
      }
    } catch (e) {
      // not JSON: fall through to the status line
    }
    return { message: `the server answered HTTP ${response.status}`, refused: false };
  }

  async function errorMessage(response) {
    return (await errorOutcome(response)).message;
  }

  function track(url) {
    objectUrls.add(url);
    return url;
  }

  function releaseObjectUrls() {
    objectUrls.forEach((u) => URL.revokeObjectURL(u));
    objectUrls.clear();
  }

  // ---------- views ----------

  function route() {
    const hash = location.hash || '#score';
    const studies = hash.startsWith('#studies');
    $('view-score').hidden = studies;
    $('view-studies').hidden = !studies;
    $(studies ? 'tab-studies' : 'tab-score').setAttribute('aria-current', 'page');
    $(studies ? 'tab-score' : 'tab-studies').removeAttribute('aria-current');
    if (studies) {
      const id = hash.startsWith('#studies/') ? decodeURIComponent(hash.slice('#studies/'.length)) : null;
      showStudies(id);
    }
  }

  // ---------- scoring ----------

  async function scoreFile(file) {
    const started = performance.now();
    $('score-error').hidden = true;
    $('result').hidden = true;
    $('busy-name').textContent = file.name ? '“' + file.name + '”' : '';
    $('busy').hidden = false;

    const form = new FormData();
    form.append('file', file, file.name || 'photo.jpg');
    let response;
    try {
      // an upload is patient data: it needs the same access token as the study viewer
      const headers = token() ? { Authorization: 'Bearer ' + token() } : {};
      response = await fetch('api/score', { method: 'POST', body: form, headers });
    } catch (e) {
      showScoreError('The server could not be reached. Check the network connection and try again.');
      return;
    }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showScoreError('Sign in with the access token of this server (under Studies) before scoring a picture.', 401);
      return;
    }
    if (!response.ok) {
      const outcome = await errorOutcome(response);
      showScoreError(outcome.message, response.status, outcome.refused);
      return;
    }
    const result = await response.json();
    await showResult(result, file, started);
  }

  function showScoreError(message, status, refused) {
    $('busy').hidden = true;
    const box = $('score-error');
    box.replaceChildren();
    const title = document.createElement('strong');
    title.textContent = refused ? 'Not assessable: the model does not score this kind of image'
      : status === 413 ? 'File too large'
        : status === 415 ? 'Not a supported file'
          : status === 422 ? 'This image cannot be scored'
            : status === 401 ? 'Sign in first'
            : 'Scoring failed';
    const text = document.createElement('span');
    text.textContent = message;
    box.append(title, text);
    box.dataset.status = status || '';
    box.hidden = false;
  }

  function loaded(img, src) {
    return new Promise((resolve) => {
      img.onload = () => resolve(true);
      img.onerror = () => resolve(false);
      img.src = src;
    });
  }

  async function showResult(r, file, started) {
    releaseObjectUrls();
    // A photo is shown from the file itself; for DICOM the server sends the frame it scored.
    const photoSrc = r.preview || track(URL.createObjectURL(file));

    $('probability').textContent = percent(r.probability);
    $('probability').dataset.value = String(r.probability);
    setBadge($('label'), r.label);
    const fill = $('gauge-fill');
    fill.style.width = (r.probability * 100).toFixed(1) + '%';
    fill.classList.toggle('ba', r.label === 'BA');
    $('gauge-threshold').style.left = `calc(${(r.threshold * 100).toFixed(1)}% - 1px)`;
    $('threshold').textContent = `Label at the model's threshold of ${percent(r.threshold)}: `
      + (r.label === 'BA' ? 'probability is at or above it.' : 'probability is below it.');
    $('model').textContent = `${r.model.name} ${r.model.version}`;
    $('frames').textContent = r.input.kind === 'dicom'
      ? `${r.input.framesScored} of ${r.input.framesTotal} (DICOM, mean probability)`
      : `1 (${r.input.width}×${r.input.height} photo)`;
    $('disclaimer').textContent = r.disclaimer;

    $('result').hidden = false;
    $('busy').hidden = true;
    // After the first result the instructions have done their job: keep just the button above the result.
    document.querySelector('.intro').classList.add('compact');
    $('result').scrollIntoView({ block: 'start', behavior: 'smooth' });
    $('cam-figure').hidden = !r.camOverlay;
    const [photoOk, camOk] = await Promise.all([loaded($('photo'), photoSrc),
      r.camOverlay ? loaded($('cam'), r.camOverlay) : Promise.resolve(false)]);
    const roundTrip = Math.round(performance.now() - started);
    const timing = $('timing');
    timing.textContent = `${roundTrip} ms`;
    const server = document.createElement('small');
    server.textContent = `upload to result; server ${r.timing.totalMs} ms`;
    timing.append(server);
    const box = $('result');
    box.dataset.roundtripMs = String(roundTrip);
    box.dataset.camLoaded = String(camOk);
    box.dataset.photoLoaded = String(photoOk);
    box.dataset.seq = String((Number(box.dataset.seq) || 0) + 1);
  }

  // ---------- studies (signed in) ----------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function authFetch(url) {
    const response = await fetch(url, { headers: { Authorization: 'Bearer ' + token() } });
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn('The access token was not accepted. Sign in again.');
      throw new Error('unauthorised');
    }
    return response;
  }

  async function authImage(img, url) {
    try {
      const response = await authFetch(url);
      if (!response.ok) {
        return false;
      }
      return await loaded(img, track(URL.createObjectURL(await response.blob())));
    } catch (e) {
      return false;
    }
  }

  function showSignIn(message) {
    $('signin').hidden = false;
    $('studies').hidden = true;
    $('study').hidden = true;
    const err = $('signin-error');
    err.textContent = message || '';
    err.hidden = !message;
  }

  function showStudies(id) {
    if (!token()) {
      showSignIn();
      return;
    }
    $('signin').hidden = true;
    if (id) {
      $('studies').hidden = true;
      loadStudy(id);
    } else {
      $('study').hidden = true;
      $('studies').hidden = false;
      loadStudies();
    }
  }

  async function loadStudies() {
    const list = $('study-list');
    $('studies-error').hidden = true;
    let body;
    try {
      const response = await authFetch('api/studies');
      if (!response.ok) {
        showListError(await errorMessage(response));
        return;
      }
      body = await response.json();
    } catch (e) {
      if (e.message !== 'unauthorised') {
        showListError('The server could not be reached.');
      }
      return;
    }
    releaseObjectUrls();
    list.replaceChildren(...body.studies.map(studyRow));
    $('studies-empty').hidden = body.studies.length > 0;
    list.dataset.count = String(body.studies.length);
    const thumbs = [...list.querySelectorAll('img[data-src]')];
    const results = await Promise.all(thumbs.map((img) => authImage(img, img.dataset.src)));
    list.dataset.thumbsLoaded = String(results.filter(Boolean).length);
  }

  function showListError(message) {
    const box = $('studies-error');
    box.textContent = message;
    box.hidden = false;
  }

  function studyRow(s) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'study-row';
    button.dataset.id = s.id;
    button.addEventListener('click', () => { location.hash = '#studies/' + encodeURIComponent(s.id); });

    let thumb;
    if (s.thumbnail) {
      thumb = document.createElement('img');
      thumb.className = 'thumb';
      thumb.alt = 'CAM thumbnail';
      thumb.dataset.src = s.thumbnail;
    } else {
      thumb = document.createElement('div');
      thumb.className = 'thumb none';
      thumb.textContent = 'no CAM';
    }

    const main = document.createElement('div');
    main.className = 'row-main';
    const title = document.createElement('div');
    title.className = 'row-title';
    title.textContent = dicomDate(s.studyDate);
    const sub = document.createElement('div');
    sub.className = 'row-sub';
    sub.textContent = `ID ${s.maskedPatientId || '–'} · ${s.frameCount} frame${s.frameCount === 1 ? '' : 's'}`;
    main.append(title, sub);

    const badge = document.createElement('span');
    setBadge(badge, s.label, true);
    badge.title = s.labelText;
    main.append(badge);

    const side = document.createElement('div');
    side.className = 'row-side';
    const prob = document.createElement('div');
    prob.className = 'row-prob';
    prob.textContent = percent(s.probability);
    side.append(prob);

    button.append(thumb, main, side);
    li.append(button);
    return li;
  }

  async function loadStudy(id) {
    const card = $('study');
    let s;
    try {
      const response = await authFetch('api/studies/' + encodeURIComponent(id));
      if (!response.ok) {
        $('studies').hidden = false;
        showListError(await errorMessage(response));
        return;
      }
      s = await response.json();
    } catch (e) {
      return;
    }
    releaseObjectUrls();
    $('study-probability').textContent = percent(s.probability);
    setBadge($('study-label'), s.label);
    $('study-date').textContent = dicomDate(s.studyDate);
    $('study-patient').textContent = s.maskedPatientId || '(none)';
    $('study-model').textContent = `${s.model.name} ${s.model.version}`;
    $('study-issued').textContent = localTime(s.issued);
    const link = $('fhir-link');
    link.href = s.links.diagnosticReport;
    link.dataset.url = s.links.diagnosticReport;
    $('fhir-json').hidden = true;

    $('study-frames').textContent = s.label === null
      ? `${s.labelText} (${s.frameCount} frame${s.frameCount === 1 ? '' : 's'})`
      : `mean of ${s.frames.length} scored frame${s.frames.length === 1 ? '' : 's'}`
        + (s.frames.length < s.frameCount ? ` (${s.frameCount - s.frames.length} refused)` : '');
    const frames = $('frame-list');
    frames.replaceChildren(...s.frames.filter((f) => f.cam).map(frameItem));
    const others = s.frames.filter((f) => !f.cam);
    const table = $('other-frames');
    table.hidden = others.length === 0;
    $('other-frames-body').replaceChildren(...others.map(frameRow));
    card.hidden = false;
    window.scrollTo(0, 0);
    const imgs = [...frames.querySelectorAll('img[data-src]')];
    const results = await Promise.all(imgs.map((img) => authImage(img, img.dataset.src)));
    frames.dataset.camsLoaded = String(results.filter(Boolean).length);
  }

  function frameItem(f) {
    const li = document.createElement('li');
    const visual = document.createElement('img');
    visual.alt = `Heat map of frame ${f.frameIndex + 1}`;
    visual.dataset.src = f.cam;
    const caption = document.createElement('div');
    caption.className = 'frame-caption';
    const name = document.createElement('span');
    name.textContent = `#${f.rank + 1} · frame ${f.frameIndex + 1}`;
    const prob = document.createElement('b');
    prob.textContent = percent(f.probability);
    caption.append(name, prob);
    li.append(visual, caption);
    return li;
  }

  /** Frames scored without a stored heat map (only the top-scoring ones get one): a table row each. */
  function frameRow(f) {
    const tr = document.createElement('tr');
    for (const text of [`#${f.rank + 1}`, `frame ${f.frameIndex + 1}`, percent(f.probability)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }

  async function showFhirReport(event) {
    event.preventDefault();
    const pre = $('fhir-json');
    try {
      const response = await authFetch(event.currentTarget.dataset.url);
      pre.textContent = response.ok ? JSON.stringify(await response.json(), null, 2) : await errorMessage(response);
    } catch (e) {
      return;
    }
    pre.hidden = false;
  }

  // ---------- wiring ----------

  $('file').addEventListener('change', (event) => {
    const file = event.target.files && event.target.files[0];
    if (file) {
      scoreFile(file).finally(() => { event.target.value = ''; });
    }
  });
  $('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) {
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    showStudies(null);
    if (location.hash !== '#studies') {
      location.hash = '#studies';
    }
  });
  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    releaseObjectUrls();
    $('study-list').replaceChildren();
    showSignIn();
  });
  $('refresh').addEventListener('click', () => loadStudies());
  $('back').addEventListener('click', () => { location.hash = '#studies'; });
  $('fhir-link').addEventListener('click', showFhirReport);
  window.addEventListener('hashchange', route);
  route();
})();

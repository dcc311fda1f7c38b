'use strict';
// The live page of one event (GET /events/{id}): one EventSource on the event's stream. `availability` messages
// (the event document) update the counters; `seats` messages recolour seats. After every (re)connection the first
// document also re-reads the seat maps, since seat changes made while disconnected are not replayed.
(() => {
  const STATUS_NAMES = { A: 'available', H: 'held', S: 'sold', B: 'blocked' };
  const COUNTERS = ['capacity', 'available', 'held', 'sold', 'waiting'];
  const MAX_RETRY_MS = 30000;

  const path = /^\/events\/([0-9]{1,18})\/?$/.exec(location.pathname);
  const connection = document.getElementById('connection');
  const sectionsElement = document.getElementById('sections');
  if (!path) {
    showConnection('failed', 'This address names no event.');
    return;
  }
  const eventId = String(Number(path[1]));
  const sections = new Map(); // code -> { element, seated, map (seated only) }
  let source = null;
  let freshConnection = true;
  let retryMs = 1000;

  function element(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, value);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function showConnection(state, text) {
    connection.dataset.connection = state;
    connection.textContent = text;
  }

  function counterList(label) {
    const list = element('dl', { class: 'counters', 'aria-label': label });
    for (const name of COUNTERS) {
      const item = element('div');
      item.append(element('dt', {}, name[0].toUpperCase() + name.slice(1)),
        element('dd', { 'data-counter': name }, '–'));
      list.append(item);
    }
    return list;
  }

  function setCounters(container, counts) {
    for (const name of COUNTERS) {
      const value = counts[name];
      const cell = container.querySelector(`[data-counter="${name}"]`);
      if (cell && typeof value === 'number') {
        cell.dataset.value = String(value);
        cell.textContent = value.toLocaleString('en-US');
      }
    }
  }

  function bar() {
    const meter = element('div', { class: 'bar', role: 'img' });
    meter.append(element('span', { class: 'bar-sold' }), element('span', { class: 'bar-held' }));
    return meter;
  }

  function setBar(meter, counts) {
    const share = (n) => (counts.capacity > 0 ? (100 * n) / counts.capacity : 0);
    meter.querySelector('.bar-sold').style.width = `${share(counts.sold)}%`;
    meter.querySelector('.bar-held').style.width = `${share(counts.held)}%`;
    meter.setAttribute('aria-label', `${counts.sold} sold, ${counts.held} held, ${counts.available} available `
      + `of ${counts.capacity}`);
  }

  function legend() {
    const list = element('ul', { class: 'legend', 'aria-label': 'Legend' });
    for (const [letter, name] of Object.entries(STATUS_NAMES)) {
      const item = element('li');
      item.append(element('span', { class: 'seat', 'data-status': letter, 'aria-hidden': 'true' }), ` ${name}`);
      list.append(item);
    }
    const accessible = element('li');
    accessible.append(element('span', { class: 'seat', 'data-status': 'A', 'data-accessible': 'true',
      'aria-hidden': 'true' }), ' wheelchair place');
    list.append(accessible);
    return list;
  }

  function build(event) {
    document.getElementById('event-name').textContent = event.name;
    document.title = `${event.name} – Holdfast live`;
    for (const section of event.sections) {
      const headingId = `section-${section.code}`;
      const box = element('section', { class: 'section', 'data-section': section.code,
        'aria-labelledby': headingId });
      box.append(element('h2', { id: headingId }, section.name || section.code),
        counterList(`Counters of ${section.name || section.code}`));
      const entry = { element: box, seated: section.seated === true };
      if (entry.seated) {
        box.classList.add('seated');
        const status = element('p', { class: 'map-status', role: 'status' }, 'Loading the seat map…');
        const map = element('div', { class: 'seatmap', role: 'table',
          'aria-label': `Seats of ${section.name || section.code}, front row first` });
        const wrap = element('div', { class: 'seatmap-wrap' });
        wrap.append(element('p', { class: 'stage' }, 'Stage / front'), map);
        box.append(status, wrap, legend());
        entry.map = { container: map, status, cells: new Map(), layout: null, generation: 0, loading: false,
          pending: [] };
      } else {
        entry.bar = bar();
        box.append(entry.bar);
      }
      sections.set(section.code, entry);
      sectionsElement.append(box);
    }
  }

  function onAvailability(event) {
    if (sections.size === 0) {
      build(event);
    }
    setCounters(document.getElementById('totals'), event);
    for (const section of event.sections) {
      const entry = sections.get(section.code);
      if (!entry) {
        continue;
      }
      setCounters(entry.element, section);
      if (entry.bar) {
        setBar(entry.bar, section);
      }
    }
    if (freshConnection) {
      freshConnection = false;
      for (const [code, entry] of sections) {
        if (entry.seated) {
          loadSeatMap(code, entry.map);
        }
      }
    }
  }

  function describeSeat(id, status, accessible) {
    return `${id}, ${STATUS_NAMES[status] || status}${accessible ? ', wheelchair place' : ''}`;
  }

  function setSeat(map, id, status) {
    const cell = map.cells.get(id);
    if (cell) {
      cell.dataset.status = status;
      const label = describeSeat(id, status, cell.dataset.accessible === 'true');
      cell.setAttribute('aria-label', label);
      cell.title = label;
    }
  }

  function draw(map, seatMap) {
    const layout = seatMap.rows.map((row) => `${row.row}:${row.seats.length}:${row.aisleAfter || []}`).join('|');
    if (layout !== map.layout) {
      const accessible = new Set(seatMap.accessible || []);
      map.container.replaceChildren();
      map.cells.clear();
      for (const row of seatMap.rows) {
        const line = element('div', { class: 'seat-row', role: 'row' });
        const seats = element('div', { class: 'seats' });
        const aisles = new Set(row.aisleAfter || []);
        for (let number = 1; number <= row.seats.length; number++) {
          const id = `${row.row}-${number}`;
          const cell = element('span', { class: 'seat', role: 'cell', 'data-seat': id }, String(number));
          if (accessible.has(id)) {
            cell.dataset.accessible = 'true';
          }
          map.cells.set(id, cell);
          seats.append(cell);
          if (aisles.has(number)) {
            seats.append(element('span', { class: 'aisle', 'aria-hidden': 'true' }));
          }
        }
        line.append(element('span', { class: 'row-label', role: 'rowheader' }, row.row), seats,
          element('span', { class: 'row-label', 'aria-hidden': 'true' }, row.row));
        map.container.append(line);
      }
      map.layout = layout;
    }
    for (const row of seatMap.rows) {
      for (let number = 1; number <= row.seats.length; number++) {
        setSeat(map, `${row.row}-${number}`, row.seats[number - 1]);
      }
    }
  }

  // Seat messages that arrive while the map is being read are applied again over it: the map may have been read
  // before their change.
  async function loadSeatMap(code, map) {
    const generation = ++map.generation;
    map.loading = true;
    map.pending = [];
    try {
      const response = await fetch(`/api/events/${eventId}/sections/${encodeURIComponent(code)}/seats`,
        { cache: 'no-cache', headers: { Accept: 'application/json' } });
      if (!response.ok) {
        throw new Error(`the seat map answered ${response.status}`);
      }
      const seatMap = await response.json();
      if (generation !== map.generation) {
        return;
      }
      draw(map, seatMap);
      map.loading = false;
      for (const [id, status] of map.pending) {
        setSeat(map, id, status);
      }
      map.pending = [];
      map.status.textContent = '';
    } catch (error) {
      if (generation === map.generation) {
        map.loading = false;
        map.status.textContent = `The seat map cannot be read now (${error.message}); retrying.`;
        setTimeout(() => {
          if (generation === map.generation) {
            loadSeatMap(code, map);
          }
        }, 3000);
      }
    }
  }

  function onSeats(message) {
    const entry = sections.get(message.section);
    if (!entry || !entry.seated) {
      return;
    }
    for (const [id, status] of Object.entries(message.seats || {})) {
      setSeat(entry.map, id, status);
      if (entry.map.loading) {
        entry.map.pending.push([id, status]);
      }
    }
  }

  function connect() {
    source = new EventSource(`/api/events/${eventId}/stream`);
    source.addEventListener('open', () => {
      freshConnection = true;
      retryMs = 1000;
      showConnection('live', 'Live');
    });
    source.addEventListener('availability', (message) => onAvailability(JSON.parse(message.data)));
    source.addEventListener('seats', (message) => onSeats(JSON.parse(message.data)));
    source.addEventListener('error', () => {
      freshConnection = true;
      if (source.readyState === EventSource.CLOSED) {
        // refused (an unknown event, too many streams) or not a stream: the browser gives up, so retry ourselves
        showConnection('offline', `Disconnected; retrying in ${Math.round(retryMs / 1000)} s.`);
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      } else {
        showConnection('reconnecting', 'Reconnecting…');
      }
    });
  }

  connect();
})();

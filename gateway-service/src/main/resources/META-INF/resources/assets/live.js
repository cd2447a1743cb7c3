// One WebSocket to /ws/progress while logged in: job events and chat pushes arrive without polling.
// It reconnects with backoff and resumes after the last job event it saw, so no progress is lost.
// Each connection opens with a fresh single-use ticket, never with the token in the URL.
import {accessToken, progressTicket} from './api.js';

const JOB_TYPES = new Set(['queued', 'started', 'progress', 'generated', 'stored', 'failed', 'cancelled']);
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;

const handlers = new Map();
let socket = null;
let token = null;
let lastEventId = null;
let delay = FIRST_DELAY_MS;
let retryTimer = null;
let hasConnected = false;
// Counts connection attempts, so a ticket that arrives after a logout or a newer attempt opens nothing.
let attempt = 0;

/**
 * Listens to one kind of live message; returns the function that stops listening. Kinds:
 * `job` — a job event as the server sends it ({type, task_id, status, stage, progress, event_id, image_id,
 * image_url, thumbnail_url, revised_prompt, error, thread_id}; a `stored` event of a job that made several images
 * also lists them all in `images`);
 * `chat.message` — {type, thread_id, message};
 * `reconnected` — the connection came back (or missed events are gone): re-read what the page shows.
 */
export function onLive(type, handler) {
    if (!handlers.has(type)) {
        handlers.set(type, new Set());
    }
    handlers.get(type).add(handler);
    return () => handlers.get(type).delete(handler);
}

/** Whether the connection is open right now. */
export function isLive() {
    return socket !== null && socket.readyState === WebSocket.OPEN;
}

function emit(type, payload) {
    for (const handler of [...(handlers.get(type) || [])]) {
        try {
            handler(payload);
        } catch (error) {
            console.error(`A ${type} listener failed`, error);
        }
    }
}

async function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    token = accessToken();
    if (!token) {
        return;
    }
    const mine = ++attempt;
    let ticket;
    try {
        ticket = await progressTicket();
    } catch (error) {
        // A 401 has logged the user out already (and follow() stopped us); anything else is worth a retry.
        if (mine === attempt && accessToken()) {
            scheduleReconnect();
        }
        return;
    }
    if (mine !== attempt || token !== accessToken()) {
        return;
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = new URLSearchParams({ticket});
    if (lastEventId) {
        query.set('resume_from', lastEventId);
    }
    const ws = new WebSocket(`${scheme}//${location.host}/ws/progress?${query}`);
    socket = ws;
    ws.addEventListener('open', () => {
        delay = FIRST_DELAY_MS;
        if (hasConnected) {
            emit('reconnected', {});
        }
        hasConnected = true;
    });
    ws.addEventListener('message', event => receive(event.data));
    ws.addEventListener('close', () => {
        if (socket === ws) {
            socket = null;
            scheduleReconnect();
        }
    });
}

function receive(data) {
    let message;
    try {
        message = JSON.parse(data);
    } catch (ignored) {
        return;
    }
    if (JOB_TYPES.has(message.type)) {
        if (message.event_id) {
            lastEventId = message.event_id;
        }
        emit('job', message);
    } else if (message.type === 'chat.message') {
        emit('chat.message', message);
    } else if (message.type === 'resync') {
        emit('reconnected', message);
    }
}

function scheduleReconnect() {
    if (!accessToken()) {
        return;
    }
    // Jitter keeps many tabs from reconnecting in step after a gateway restart.
    const wait = delay * (0.75 + Math.random() / 2);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
    retryTimer = setTimeout(connect, wait);
}

function disconnect() {
    attempt++;
    clearTimeout(retryTimer);
    retryTimer = null;
    const ws = socket;
    socket = null;
    lastEventId = null;
    hasConnected = false;
    delay = FIRST_DELAY_MS;
    if (ws) {
        ws.close(1000, 'logged out');
    }
}

/** Connects when a user is logged in, drops the connection when they log out or another user logs in. */
function follow() {
    const current = accessToken();
    if (current === token && (socket || retryTimer)) {
        return;
    }
    disconnect();
    if (current) {
        connect();
    } else {
        token = null;
    }
}

window.addEventListener('imagegen:auth', follow);
// A laptop waking up or a phone regaining signal: try at once instead of waiting out the backoff.
window.addEventListener('online', () => {
    if (!socket && accessToken()) {
        connect();
    }
});
follow();

// The API client: same origin as the page, JSON in and out, the user's token on every call.
import {navigate, showNotice} from './ui.js';

const SESSION_KEY = 'imagegen.session';
const images = new Map();

/** A non-2xx answer; `detail` (also the message) is the API's problem+json explanation. */
export class ApiError extends Error {
    constructor(status, problem) {
        const body = problem && typeof problem === 'object' ? problem : {};
        super(body.detail || body.title || `The server answered ${status}`);
        this.name = 'ApiError';
        this.status = status;
        this.title = body.title || null;
        this.detail = this.message;
        this.problem = problem;
    }
}

function readSession() {
    try {
        const session = JSON.parse(localStorage.getItem(SESSION_KEY));
        if (session && session.token && session.user && session.expiresAt > Date.now()) {
            return session;
        }
    } catch (ignored) {
        // A damaged entry is the same as none: the user logs in again.
    }
    localStorage.removeItem(SESSION_KEY);
    return null;
}

function announceAuthChange() {
    window.dispatchEvent(new CustomEvent('imagegen:auth'));
}

/** The logged-in user as `{id, email, roles}`, or null. */
export function currentUser() {
    const session = readSession();
    return session ? session.user : null;
}

/** The bearer token of the logged-in user, or null (the live connection needs it). */
export function accessToken() {
    const session = readSession();
    return session ? session.token : null;
}

/**
 * A single-use ticket that opens the live connection within half a minute: the token itself never goes into a
 * WebSocket URL, where proxies and servers would log it.
 */
export async function progressTicket() {
    const answer = await api('POST', '/ws/tickets');
    return answer.ticket;
}

export function logout() {
    localStorage.removeItem(SESSION_KEY);
    for (const url of images.values()) {
        url.then(URL.revokeObjectURL, () => {});
    }
    images.clear();
    announceAuthChange();
}

/**
 * Calls the API: `await api('POST', '/collections', {name})`. Resolves to the parsed JSON body, or null for
 * an empty answer; rejects with ApiError for a non-2xx answer. `options.headers` adds headers.
 */
export async function api(method, path, body, options = {}) {
    const response = await send(method, path, body, options);
    if (response.status === 204) {
        return null;
    }
    const text = await response.text();
    if (!text) {
        return null;
    }
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? JSON.parse(text) : text;
}

/** Fetches an authenticated file (an image, a CSV report) as a Blob. */
export async function fetchBlob(path) {
    const response = await send('GET', path, undefined, {});
    return response.blob();
}

/** A blob: URL for an image the API serves only to its owner, e.g. `/images/{id}/thumbnail`; cached per path. */
export function imageUrl(path) {
    if (!images.has(path)) {
        const url = fetchBlob(path).then(URL.createObjectURL);
        url.catch(() => images.delete(path));
        images.set(path, url);
    }
    return images.get(path);
}

/** Logs in and keeps the session in this browser. */
export async function login(email, password) {
    const token = await api('POST', '/auth/login', {email, password});
    const user = await api('GET', '/auth/me', undefined,
        {headers: {Authorization: `Bearer ${token.access_token}`}});
    const session = {token: token.access_token, expiresAt: Date.now() + token.expires_in * 1000, user};
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    announceAuthChange();
    return user;
}

/** Creates the account, then logs in with it. */
export async function register(email, password) {
    await api('POST', '/auth/register', {email, password});
    return login(email, password);
}

async function send(method, path, body, options) {
    const headers = {Accept: 'application/json, application/problem+json', ...(options.headers || {})};
    const session = readSession();
    if (session && !headers.Authorization) {
        headers.Authorization = `Bearer ${session.token}`;
    }
    const init = {method, headers, signal: options.signal};
    if (body !== undefined && body !== null) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(path, init);
    } catch (error) {
        if (error.name === 'AbortError') {
            throw error;
        }
        throw new Error('The server could not be reached. Check your connection and try again.');
    }
    if (response.ok) {
        return response;
    }
    const problem = await readProblem(response);
    if (response.status === 401 && session) {
        sessionEnded();
    }
    throw new ApiError(response.status, problem);
}

async function readProblem(response) {
    const text = await response.text().catch(() => '');
    try {
        return text ? JSON.parse(text) : null;
    } catch (ignored) {
        // Not our API's problem+json (a proxy's HTML page, say): its body means nothing to the user.
        return {status: response.status, detail: `The server answered ${response.status} ${response.statusText}`.trim()};
    }
}

/** The token was refused (expired, or the account is gone): back to the login page, then back here. */
function sessionEnded() {
    const here = location.pathname + location.search;
    logout();
    navigate(here.startsWith('/app/login') ? here : `/app/login?next=${encodeURIComponent(here)}`);
    showNotice('Your session has ended. Please log in again.');
}

// Chat: the user's threads (/app/chat) and one thread's messages (/app/chat/:threadId). An /image reply
// shows its progress, then the image inline; both arrive live over the WebSocket, without polling.
import {api} from '../api.js';
import {onLive} from '../live.js';
import {h, navigate, showError, showNotice} from '../ui.js';
import {confirmButton, renameActions, thumbnail} from './gallery.js';

const THREAD_PAGE = 50;
const MESSAGE_PAGE = 50;
const UNTITLED = 'New thread';

export default async function render(root, params) {
    const threads = threadList(params.threadId);
    const conversation = h('div', {class: 'conversation'});
    root.append(h('section', {class: 'page chat-page'},
        h('h1', {class: 'visually-hidden'}, 'Chat'),
        threads.element,
        conversation));
    const stops = [];
    if (params.threadId) {
        stops.push(...await renderThread(conversation, params.threadId, threads));
    } else {
        conversation.append(h('div', {class: 'chat-empty'},
            h('h2', {}, 'Chat'),
            h('p', {}, 'Pick a thread, or start a new one and type ', h('code', {}, '/image <prompt>'),
                ' to make a picture.')));
    }
    await threads.load();
    stops.push(onLive('reconnected', () => threads.load()),
        // A thread started or first named elsewhere (another tab, another device) joins the list.
        onLive('chat.message', push => {
            if (!threads.shows(push.thread_id) || push.message?.role === 'user') {
                threads.load();
            }
        }));
    return () => stops.forEach(stop => stop());
}

/** The threads column: newest activity first, with a button to start one. */
function threadList(currentId) {
    const list = h('ul', {class: 'thread-list', 'aria-label': 'Threads'});
    const more = h('button', {type: 'button', class: 'load-more', hidden: true, onclick: () => load(pages + 1)},
        'More threads');
    let pages = 1;
    async function start() {
        try {
            const thread = await api('POST', '/chat/threads', {});
            navigate(`/app/chat/${thread.id}`);
        } catch (error) {
            showError(error);
        }
    }
    let shown = [];
    // Re-reads every page shown so far: titles and the order change as threads are used.
    async function load(upTo = pages) {
        try {
            const items = [];
            let total = 0;
            for (let page = 1; page <= upTo; page++) {
                const result = await api('GET', `/chat/threads?page=${page}&size=${THREAD_PAGE}`);
                items.push(...result.items.filter(thread => !items.some(known => known.id === thread.id)));
                total = result.total;
            }
            pages = upTo;
            shown = items;
            list.replaceChildren(...items.map(thread => h('li', {},
                h('a', {href: `/app/chat/${thread.id}`, 'aria-current': thread.id === currentId ? 'page' : null},
                    thread.title || UNTITLED))));
            if (!items.length) {
                list.append(h('li', {class: 'empty'}, 'No threads yet.'));
            }
            more.hidden = items.length >= total;
        } catch (error) {
            showError(error);
        }
    }
    return {
        element: h('nav', {class: 'threads', 'aria-label': 'Chat threads'},
            h('h2', {}, 'Threads'),
            h('button', {type: 'button', class: 'primary new-thread', onclick: start}, 'New thread'),
            list,
            more),
        load,
        shows: id => shown.some(thread => thread.id === id),
    };
}

async function renderThread(root, threadId, threads) {
    let thread;
    try {
        thread = await api('GET', `/chat/threads/${threadId}`);
    } catch (error) {
        root.append(h('h2', {}, 'Thread not found'), h('p', {}, error.status === 404
            ? 'This thread does not exist or was deleted.' : error.message));
        showError(error);
        return [];
    }
    const title = h('h2', {class: 'thread-title'}, thread.title || UNTITLED);
    const messages = messageList();
    const older = h('button', {type: 'button', class: 'load-more', hidden: true, onclick: loadOlder},
        'Show older messages');
    let oldestPage = 1;
    let total = 0;

    // Page 1 holds the newest messages; older pages go above them.
    async function loadPage(page) {
        const result = await api('GET', `/chat/threads/${threadId}/messages?page=${page}&size=${MESSAGE_PAGE}`);
        total = result.total;
        result.items.forEach(message => messages.keep(message));
        oldestPage = Math.max(oldestPage, page);
        older.hidden = oldestPage * MESSAGE_PAGE >= total;
    }
    async function loadOlder() {
        older.disabled = true;
        // Keep the messages the user is reading where they are while older ones are put above.
        const list = messages.element;
        const fromBottom = list.scrollHeight - list.scrollTop;
        try {
            await loadPage(oldestPage + 1);
            list.scrollTop = list.scrollHeight - fromBottom;
        } catch (error) {
            showError(error);
        } finally {
            older.disabled = false;
        }
    }
    // The first message names an untitled thread.
    async function refreshTitle() {
        try {
            Object.assign(thread, await api('GET', `/chat/threads/${threadId}`));
            title.textContent = thread.title || UNTITLED;
        } catch (error) {
            showError(error);
        }
    }
    async function reread() {
        try {
            await loadPage(1);
        } catch (error) {
            showError(error);
        }
        await refreshTitle();
    }

    root.append(
        h('div', {class: 'thread-header'}, title, threadActions(thread, {
            renamed: updated => {
                title.textContent = updated.title;
                threads.load();
            },
        })),
        older,
        messages.element,
        messages.announcer,
        composer(threadId, posted => {
            [posted.message, ...posted.replies].forEach(message => messages.keep(message, true));
            messages.scrollToEnd();
            if (!thread.title) {
                refreshTitle();
            }
        }));
    try {
        await loadPage(1);
    } catch (error) {
        showError(error);
    }
    messages.scrollToEnd();
    return [
        onLive('chat.message', push => {
            if (push.thread_id === threadId && push.message) {
                const atEnd = messages.isAtEnd();
                messages.keep(push.message, true);
                if (atEnd) {
                    messages.scrollToEnd();
                }
            }
        }),
        onLive('reconnected', reread),
    ];
}

function threadActions(thread, {renamed}) {
    return renameActions({
        field: {label: 'Thread title', name: 'title', value: () => thread.title || '', maxlength: 200},
        rename: async title => {
            const updated = await api('PATCH', `/chat/threads/${thread.id}`, {title});
            thread.title = updated.title;
            return updated;
        },
        renamed,
        deleteButton: confirmButton('Delete thread',
            'Delete this thread and its messages? Its images stay in the gallery.', async () => {
                await api('DELETE', `/chat/threads/${thread.id}`);
                navigate('/app/chat');
                showNotice('The thread was deleted.');
            }, 'Yes, delete'),
    });
}

/**
 * The messages of a thread in order. `keep` adds a message or replaces the copy shown when the new one
 * is as new or newer: live pushes and API answers may arrive in either order. With `announce`, a new
 * or finished reply is also read out to screen reader users.
 */
function messageList() {
    const list = h('ol', {class: 'chat-messages', 'aria-label': 'Messages', tabindex: 0});
    // Progress redraws would be read out over and over: only new replies and finished images are announced.
    const announcer = h('p', {class: 'visually-hidden', role: 'status', 'aria-live': 'polite'});
    const known = new Map();
    return {
        element: list,
        announcer,
        keep(message, announce = false) {
            const shown = known.get(message.id);
            if (shown && instant(shown.message.updated_at) > instant(message.updated_at)) {
                return;
            }
            const item = messageItem(message);
            if (shown) {
                shown.item.replaceWith(item);
            } else {
                // A command and its reply share a timestamp: among equals, the order of arrival stands.
                const created = instant(message.created_at);
                const after = [...known.values()].filter(entry => instant(entry.message.created_at) > created)
                    .sort((a, b) => instant(a.message.created_at).localeCompare(instant(b.message.created_at)))[0];
                list.insertBefore(item, after ? after.item : null);
            }
            if (announce && message.role === 'assistant' && (!shown || message.status !== shown.message.status)) {
                const count = message.images ? message.images.length : 1;
                announcer.textContent = message.image
                    ? `${count > 1 ? `${count} images` : 'Image'} ready: ${message.image.revised_prompt || message.content}`
                    : message.content;
            }
            known.set(message.id, {message, item});
        },
        isAtEnd: () => list.scrollHeight - list.scrollTop - list.clientHeight < 40,
        scrollToEnd() {
            list.scrollTop = list.scrollHeight;
        },
    };
}

/** An ISO instant with its fraction padded to nanoseconds, so that comparing the strings compares the times. */
function instant(value) {
    const parts = /^(.*T[^.Z]*)(?:\.(\d+))?Z$/.exec(value || '');
    return parts ? `${parts[1]}.${(parts[2] || '').padEnd(9, '0')}` : '';
}

function messageItem(message) {
    const time = new Date(message.created_at);
    return h('li', {class: `chat-message ${message.role}`, 'data-message-id': message.id,
        'data-status': message.status || null},
        h('span', {class: 'visually-hidden'}, message.role === 'user' ? 'You: ' : 'Assistant: '),
        h('p', {class: 'chat-text'}, message.content),
        message.task_id ? taskPart(message) : null,
        h('time', {datetime: message.created_at, title: time.toLocaleString()},
            time.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})));
}

/**
 * What an /image reply adds: a progress bar while it is made, then the images (`images` lists them all when the
 * job made several, `image` is the first), each linked to the lightbox.
 */
function taskPart(message) {
    if (message.image) {
        const images = message.images && message.images.length ? message.images : [message.image];
        const alt = message.image.revised_prompt || message.content;
        return h('figure', {class: images.length > 1 ? 'chat-image several' : 'chat-image'},
            images.map((image, index) => h('a', {href: `/app/gallery/${image.id}`},
                thumbnail(image.thumbnail_url, images.length > 1 ? `${alt} (${index + 1} of ${images.length})` : alt))),
            message.image.revised_prompt ? h('figcaption', {}, message.image.revised_prompt) : null);
    }
    if (message.status !== 'pending') {
        return null;
    }
    const progress = Math.max(0, Math.min(100, message.progress || 0));
    return h('div', {class: 'chat-progress'},
        h('div', {class: 'progress', role: 'progressbar', 'aria-label': 'Image progress', 'aria-valuemin': 0,
            'aria-valuemax': 100, 'aria-valuenow': progress},
        h('div', {class: 'progress-fill', style: {width: `${progress}%`}})),
        h('span', {class: 'hint'}, message.stage ? `${message.stage} · ${progress}%` : `${progress}%`));
}

/** The message box: Enter sends, Shift+Enter starts a new line. */
function composer(threadId, posted) {
    const input = h('textarea', {name: 'content', rows: 2, required: true, 'aria-describedby': 'composer-hint',
        placeholder: 'Write a message, or /image <prompt>'});
    const send = h('button', {type: 'submit', class: 'primary'}, 'Send');
    async function submit(event) {
        event.preventDefault();
        const content = input.value.trim();
        if (!content) {
            return;
        }
        send.disabled = true;
        try {
            const answer = await api('POST', `/chat/threads/${threadId}/messages`, {content});
            input.value = '';
            posted(answer);
        } catch (error) {
            showError(error);
        } finally {
            send.disabled = false;
            input.focus();
        }
    }
    input.addEventListener('keydown', event => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            if (!send.disabled) {
                event.currentTarget.form.requestSubmit();
            }
        }
    });
    return h('form', {class: 'composer', onsubmit: submit},
        h('label', {class: 'field'}, h('span', {}, 'Message'), input),
        h('p', {class: 'hint', id: 'composer-hint'},
            'Enter sends, Shift+Enter starts a new line. ', h('code', {}, '/image <prompt>'), ' makes a picture (',
            h('code', {}, '--n 3'), ', ', h('code', {}, '--quality high'), ', ', h('code', {}, '--size 1536x1024'), ', ',
            h('code', {}, '--format webp'), ', ', h('code', {}, '--transparent'), '); ',
            h('code', {}, '/help'), ' lists them all.'),
        send);
}

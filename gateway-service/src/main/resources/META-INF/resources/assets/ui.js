// Small DOM helpers shared by every page: an element builder, messages to the user, money, navigation.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'required', 'readOnly']);

/**
 * Builds an element: h('button', {class: 'primary', onclick: save, 'aria-label': 'Save'}, 'Save').
 * `on*` attributes with a function become event listeners; form state (value, checked, disabled, …)
 * is set as a property; null, undefined and false attributes and children are skipped; arrays of
 * children are flattened; strings become text (never parsed as HTML).
 */
export function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2).toLowerCase(), value);
        } else if (PROPERTIES.has(name)) {
            element[name] = value;
        } else if (name === 'style' && typeof value === 'object') {
            Object.assign(element.style, value);
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(element, child);
        } else {
            element.append(child instanceof Node ? child : String(child));
        }
    }
}

function messages() {
    return document.getElementById('messages');
}

/** Shows what went wrong in words: the API's problem `detail` when there is one, else the error's message. */
export function showError(error) {
    const text = (error && (error.detail || error.message)) || String(error);
    const box = messages();
    if (!box) {
        return;
    }
    // The same refusal twice (a second click) shows once.
    for (const shown of box.querySelectorAll('.message.error')) {
        if (shown.firstChild.textContent === text) {
            shown.remove();
        }
    }
    const item = h('div', {class: 'message error', role: 'alert'},
        h('span', {}, text),
        h('button', {type: 'button', class: 'dismiss', 'aria-label': 'Dismiss message', onclick: () => item.remove()}, '×'));
    box.append(item);
    if (!(error && error.status)) {
        console.error(error);
    }
}

/** Shows a short confirmation that disappears by itself. */
export function showNotice(text) {
    const box = messages();
    if (!box) {
        return;
    }
    const item = h('div', {class: 'message notice'}, text);
    box.append(item);
    setTimeout(() => item.remove(), 6000);
}

/** Removes every message, e.g. when the user moves to another page. */
export function clearMessages() {
    const box = messages();
    if (box) {
        box.replaceChildren();
    }
}

const dollars = new Intl.NumberFormat('en-US', {
    style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 3,
});

/** "$0.04" for 0.04 or "0.040" (the API sends money as decimal numbers). */
export function formatCost(amount) {
    const value = Number(amount);
    return Number.isFinite(value) ? dollars.format(value) : '–';
}

/** Moves to a client route without reloading the page; the router renders it. */
export function navigate(path, {replace = false} = {}) {
    if (replace) {
        history.replaceState(null, '', path);
    } else if (location.pathname + location.search !== path) {
        history.pushState(null, '', path);
    }
    window.dispatchEvent(new CustomEvent('imagegen:navigate'));
}

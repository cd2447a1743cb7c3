// The app shell: navigation bar, client-side router and page loading. Pages live in ./pages/<name>.js and
// export `default async function render(root, params)`, optionally returning a cleanup function.
import {currentUser, logout} from './api.js';
import {clearMessages, h, navigate, showError} from './ui.js';
import './live.js';

/** Client routes, first match wins; `:name` segments become params. `open` pages need no login. */
const ROUTES = [
    {path: '/app/login', page: 'login', title: 'Log in', open: true},
    {path: '/app/register', page: 'register', title: 'Sign up', open: true},
    {path: '/app/generate', page: 'generate', title: 'Generate'},
    {path: '/app/gallery', page: 'gallery', title: 'Gallery'},
    {path: '/app/gallery/:imageId', page: 'gallery', title: 'Gallery'},
    {path: '/app/collections', page: 'collections', title: 'Collections'},
    {path: '/app/collections/:id', page: 'collections', title: 'Collections'},
    {path: '/app/chat', page: 'chat', title: 'Chat'},
    {path: '/app/chat/:threadId', page: 'chat', title: 'Chat'},
    {path: '/app/usage', page: 'usage', title: 'Usage'},
    // Not only for admins: before the first admin exists, a user with the setup token becomes one there.
    {path: '/app/admin', page: 'admin', title: 'Admin'},
];

const NAV = [
    {href: '/app/generate', label: 'Generate'},
    {href: '/app/gallery', label: 'Gallery'},
    {href: '/app/collections', label: 'Collections'},
    {href: '/app/chat', label: 'Chat'},
    {href: '/app/usage', label: 'Usage'},
    {href: '/app/admin', label: 'Admin', admin: true},
];

const HOME = '/app/generate';
let cleanup = null;
let rendering = 0;
let rendered = null; // path and query of the page on screen

function isAdmin(user) {
    return Boolean(user && (user.roles || []).includes('admin'));
}

function match(pathname) {
    const parts = pathname.replace(/\/+$/, '').split('/');
    for (const route of ROUTES) {
        const pattern = route.path.split('/');
        if (pattern.length !== parts.length) {
            continue;
        }
        const params = {};
        const same = pattern.every((segment, i) => {
            if (segment.startsWith(':')) {
                params[segment.slice(1)] = decodeURIComponent(parts[i]);
                return parts[i] !== '';
            }
            return segment === parts[i];
        });
        if (same) {
            return {route, params};
        }
    }
    return null;
}

function renderNav(pathname) {
    const nav = document.getElementById('nav');
    const user = currentUser();
    if (!user) {
        nav.replaceChildren(h('ul', {class: 'nav-links'},
            h('li', {}, link('/app/login', 'Log in', pathname)),
            h('li', {}, link('/app/register', 'Sign up', pathname))));
        return;
    }
    const items = NAV.filter(item => !item.admin || isAdmin(user))
        .map(item => h('li', {}, link(item.href, item.label, pathname)));
    nav.replaceChildren(
        h('ul', {class: 'nav-links'}, items),
        h('div', {class: 'nav-user'},
            h('span', {class: 'nav-email', title: user.email}, user.email),
            h('button', {type: 'button', class: 'link-button', onclick: () => logout()}, 'Log out')));
}

function link(href, label, pathname) {
    const current = pathname === href || pathname.startsWith(href + '/');
    return h('a', {href, 'data-link': true, 'aria-current': current ? 'page' : null}, label);
}

async function render() {
    const ticket = ++rendering;
    const {pathname} = location;
    const user = currentUser();
    if (pathname === '/' || pathname === '/app' || pathname === '/app/') {
        return navigate(user ? HOME : '/app/login', {replace: true});
    }
    const found = match(pathname);
    if (found && !found.route.open && !user) {
        return navigate(`/app/login?next=${encodeURIComponent(pathname + location.search)}`, {replace: true});
    }
    if (found && found.route.open && user) {
        return navigate(HOME, {replace: true});
    }
    if (typeof cleanup === 'function') {
        try {
            cleanup();
        } catch (error) {
            console.error('Leaving the page failed', error);
        }
    }
    cleanup = null;
    const firstPage = rendered === null;
    rendered = pathname + location.search;
    clearMessages();
    renderNav(pathname);
    const main = document.getElementById('main');
    main.replaceChildren();
    if (!found) {
        document.title = 'Not found · imagegen';
        main.append(h('h1', {}, 'Page not found'),
            h('p', {}, 'There is no page at this address. ', h('a', {href: HOME, 'data-link': true}, 'Go to Generate'), '.'));
        return;
    }
    document.title = `${found.route.title} · imagegen`;
    let module;
    try {
        module = await import(`./pages/${found.route.page}.js`);
    } catch (error) {
        console.error(error);
        if (ticket === rendering) {
            main.append(h('h1', {}, found.route.title), h('p', {class: 'unavailable'}, 'This page is not available yet.'));
        }
        return;
    }
    if (ticket !== rendering) {
        return;
    }
    const params = {...found.params, query: new URLSearchParams(location.search)};
    try {
        const result = await module.default(main, params);
        if (ticket === rendering) {
            cleanup = result;
        } else if (typeof result === 'function') {
            result();
        }
    } catch (error) {
        if (ticket === rendering) {
            showError(error);
        }
    }
    // After a page change, keyboard and screen-reader users continue in the new page, not in the old link;
    // on the first page the browser's own start (the skip link first) is left alone.
    const active = document.activeElement;
    if (ticket === rendering && !firstPage && (active === document.body || active.closest('.app-header'))) {
        main.focus({preventScroll: true});
    }
}

// Same-origin links marked data-link (and any link inside the app) change page without a reload.
document.addEventListener('click', event => {
    const anchor = event.target.closest('a[href]');
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
        || event.shiftKey || event.altKey || anchor.target || anchor.hasAttribute('download')) {
        return;
    }
    const url = new URL(anchor.href, location.href);
    const samePage = url.pathname + url.search === location.pathname + location.search;
    if (url.origin === location.origin && url.pathname.startsWith('/app/') && !(samePage && url.hash)) {
        event.preventDefault();
        navigate(url.pathname + url.search);
    }
});

// Back and forward; a jump within the page (the skip link's #main) changes no page.
window.addEventListener('popstate', () => {
    if (location.pathname + location.search !== rendered) {
        render();
    }
});
window.addEventListener('imagegen:navigate', render);
window.addEventListener('imagegen:auth', () => {
    if (!currentUser()) {
        navigate('/app/login');
    } else {
        renderNav(location.pathname);
    }
});
// Another tab logged in or out.
window.addEventListener('storage', event => {
    if (event.key === 'imagegen.session') {
        window.dispatchEvent(new CustomEvent('imagegen:auth'));
    }
});

render();

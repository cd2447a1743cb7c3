// Admin: a month's usage by user a page at a time, the month as CSV, per-user limits, who is admin, and the
// reported images. Before anyone is admin, a logged-in user who has the one-time setup token becomes the first here.
import {api, currentUser, fetchBlob, logout} from '../api.js';
import {modelNotice, modelStatus} from '../models.js';
import {formatCost, h, navigate, showError, showNotice} from '../ui.js';
import {confirmButton, REPORT_REASONS, thumbnail} from './gallery.js';

const REPORTS_PAGE_SIZE = 10;
const USAGE_PAGE_SIZE = 50;
// Eight hex digits or more read as the start of a user id; anything else as part of an email.
const USER_ID_PREFIX = /^[0-9a-f]{8}(-[0-9a-f-]*)?$/i;
const REASON_WORDS = new Map(REPORT_REASONS);
const ACTION_WORDS = {dismiss: 'Dismissed', remove_image: 'Image removed'};

function thisMonth() {
    return new Date().toISOString().slice(0, 7);
}

function count(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
}

const integers = new Intl.NumberFormat('en-US');

/** Tokens of a usage row, "1,234 in · 5,678 out", where the API counted them (token-billed models). */
function tokens(row) {
    return row.input_tokens === undefined && row.output_tokens === undefined ? '–'
        : `${integers.format(row.input_tokens || 0)} in · ${integers.format(row.output_tokens || 0)} out`;
}

/**
 * Previous and next buttons around "Page 2 of 7", inside a navigation landmark named `label`; nothing while one page
 * holds everything. A keyboard user who turns a page keeps the focus on the same button once the page is shown.
 */
function pager(id, label) {
    const nav = h('nav', {id, class: 'actions pager', 'aria-label': label});
    let refocus = null;
    return {
        element: nav,
        clear: () => nav.replaceChildren(),
        /** Shows page `page` of `pages`; `go(n)` loads page n. */
        show(page, pages, go) {
            const step = (name, text, by) => h('button', {type: 'button', class: name,
                disabled: page + by < 1 || page + by > pages, onclick: () => {
                    refocus = name;
                    go(page + by);
                }}, text);
            nav.replaceChildren(...(pages > 1 ? [step('previous', 'Previous page', -1),
                h('span', {class: 'page-of'}, `Page ${page} of ${pages}`), step('next', 'Next page', 1)] : []));
            if (refocus) {
                (nav.querySelector(`.${refocus}:not(:disabled)`) || nav.querySelector('button:not(:disabled)'))?.focus();
                refocus = null;
            }
        },
    };
}

/** An empty box means "back to the configured default", which the API takes as null. */
function numberOrNull(input) {
    return input.value.trim() === '' ? null : Number(input.value);
}

export default async function render(root, params) {
    if (!(currentUser().roles || []).includes('admin')) {
        return renderSetup(root);
    }
    let page = 1;
    const month = h('input', {id: 'month', name: 'month', type: 'month', value: params.query.get('month') || thisMonth(),
        required: true});
    // Usage records know users by id only; an email typed here is looked up among the gateway's accounts first.
    const search = h('input', {id: 'usage-search', name: 'q', type: 'search', autocomplete: 'off', spellcheck: false,
        value: params.query.get('q') || '', 'aria-describedby': 'usage-search-hint'});
    const matches = h('div', {id: 'usage-matches', 'aria-live': 'polite'});
    const totals = h('p', {id: 'usage-totals', class: 'totals'});
    const report = h('div', {id: 'admin-report', 'aria-live': 'polite'});
    const usagePager = pager('usage-pager', 'Usage pages');
    const userId = h('input', {id: 'limit-user', name: 'user', required: true, autocomplete: 'off',
        pattern: '[0-9a-fA-F-]{36}', placeholder: '00000000-0000-0000-0000-000000000000'});
    const daily = h('input', {id: 'limit-daily', name: 'daily', type: 'number', min: 0, step: 1, inputmode: 'numeric',
        'aria-describedby': 'limits-hint'});
    const monthly = h('input', {id: 'limit-monthly', name: 'monthly', type: 'number', min: 0, step: '0.01',
        inputmode: 'decimal', 'aria-describedby': 'limits-hint'});

    async function load() {
        report.replaceChildren(h('p', {class: 'loading'}, 'Loading…'));
        usagePager.clear();
        matches.replaceChildren();
        const text = search.value.trim();
        const query = new URLSearchParams({month: month.value, page, size: USAGE_PAGE_SIZE});
        try {
            const q = USER_ID_PREFIX.test(text) ? text : await userIdForEmail(text);
            if (q === null) {
                totals.textContent = '';
                report.replaceChildren();
                return;
            }
            if (q) {
                query.set('q', q);
            }
            const result = await api('GET', `/admin/usage?${query}`);
            const pages = Math.max(1, Math.ceil(result.total / result.size));
            if (page > pages) {
                page = pages;
                return load();
            }
            totals.textContent = `${result.month}: ${count(result.totals.users, 'user', 'users')}, `
                + `${count(result.totals.images, 'image', 'images')}, ${formatCost(result.totals.spend)} spent.`;
            report.replaceChildren(result.items.length === 0
                ? h('p', {}, q ? `${text} generated nothing in ${result.month}.`
                    : `Nobody generated anything in ${result.month}.`)
                : usageTable(result, await emailsOf(result.items)));
            usagePager.show(page, pages, next => {
                page = next;
                load();
            });
        } catch (error) {
            totals.textContent = '';
            report.replaceChildren();
            showError(error);
        }
    }

    /**
     * The id of the one account whose email contains `text`, '' for an empty box, or null when there is no such
     * single account: then the matches (or their absence) are shown to pick from.
     */
    async function userIdForEmail(text) {
        if (!text) {
            return '';
        }
        const found = (await api('GET', `/admin/users?${new URLSearchParams({email: text})}`)).items;
        if (found.length === 1) {
            return found[0].id;
        }
        matches.replaceChildren(found.length === 0
            ? h('p', {}, `No account’s email contains “${text}”.`)
            : h('div', {}, h('p', {}, `${found.length} accounts match “${text}”: pick one.`),
                h('ul', {class: 'match-list'}, found.map(user => h('li', {}, h('button', {type: 'button',
                    class: 'link-button', onclick: () => {
                        search.value = user.email;
                        page = 1;
                        load();
                    }}, user.email))))));
        return null;
    }

    /** Emails by user id for the rows shown; ids only when the lookup fails (a deleted account has none). */
    async function emailsOf(rows) {
        try {
            const query = new URLSearchParams(rows.map(row => ['id', row.user_id]));
            const found = (await api('GET', `/admin/users?${query}`)).items;
            return new Map(found.map(user => [user.id, user.email]));
        } catch (ignored) {
            return new Map();
        }
    }

    function usageTable(result, emails) {
        const withTokens = result.items.some(row => tokens(row) !== '–');
        return h('div', {class: 'table-wrap'}, h('table', {id: 'admin-usage'},
            h('caption', {class: 'visually-hidden'}, `Usage by user in ${result.month}, biggest spender first`),
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, 'User'),
                h('th', {scope: 'col', class: 'number'}, 'Images'),
                h('th', {scope: 'col', class: 'number'}, 'Spend'),
                withTokens ? h('th', {scope: 'col', class: 'number'}, 'Tokens') : null,
                h('th', {scope: 'col', class: 'number'}, 'Failures'),
                h('th', {scope: 'col', class: 'number'}, 'Refused prompts'),
                h('th', {scope: 'col', class: 'number'}, 'Over a limit'),
                h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
            h('tbody', {}, result.items.map(row => h('tr', {},
                h('th', {scope: 'row'}, emails.has(row.user_id)
                    ? [h('span', {class: 'user-email'}, emails.get(row.user_id)), ' ']
                    : [], h('span', {class: 'user-id'}, row.user_id)),
                h('td', {class: 'number'}, row.images),
                h('td', {class: 'number'}, formatCost(row.spend)),
                withTokens ? h('td', {class: 'number'}, tokens(row)) : null,
                h('td', {class: 'number'}, row.failures),
                h('td', {class: 'number'}, row.content_refusals),
                h('td', {class: 'number'}, row.quota_refusals),
                h('td', {}, h('button', {type: 'button', class: 'link-button',
                    'aria-label': `Set limits for ${emails.get(row.user_id) || row.user_id}`, onclick: () => {
                        userId.value = row.user_id;
                        daily.focus();
                    }}, 'Set limits')))))));
    }

    async function downloadReport() {
        try {
            const blob = await fetchBlob(`/admin/usage/report.csv?month=${encodeURIComponent(month.value)}`);
            const url = URL.createObjectURL(blob);
            const link = h('a', {href: url, download: `usage-${month.value}.csv`, hidden: true});
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10000);
        } catch (error) {
            showError(error);
        }
    }

    async function saveLimits(event) {
        event.preventDefault();
        try {
            await api('PUT', `/admin/users/${encodeURIComponent(userId.value.trim())}/limits`,
                {daily_images: numberOrNull(daily), monthly_cost: numberOrNull(monthly)});
            showNotice('Limits saved.');
        } catch (error) {
            showError(error);
        }
    }

    root.append(h('h1', {}, 'Admin'),
        h('section', {class: 'card', 'aria-labelledby': 'report-heading'},
            h('h2', {id: 'report-heading'}, 'Usage by user'),
            h('form', {class: 'actions month-form', id: 'usage-form', onsubmit: event => {
                event.preventDefault();
                page = 1;
                load();
            }},
            h('label', {for: 'month'}, 'Month'), month,
            h('label', {for: 'usage-search'}, 'Email or user id'), search,
            h('button', {type: 'submit'}, 'Show'),
            h('button', {type: 'button', id: 'download-report', onclick: downloadReport}, 'Download report.csv')),
            h('p', {id: 'usage-search-hint', class: 'hint'},
                'Part of an email, or the start of a user id. Leave it empty to see everyone. '
                + 'The report.csv file always holds every user of the month.'),
            matches,
            totals,
            report,
            usagePager.element),
        h('section', {class: 'card', 'aria-labelledby': 'limits-heading'},
            h('h2', {id: 'limits-heading'}, 'Set a user’s limits'),
            h('form', {id: 'limits-form', novalidate: true, onsubmit: saveLimits},
                h('div', {class: 'field'}, h('label', {for: 'limit-user'}, 'User id'), userId),
                h('div', {class: 'fields'},
                    h('div', {class: 'field'}, h('label', {for: 'limit-daily'}, 'Images per day'), daily),
                    h('div', {class: 'field'}, h('label', {for: 'limit-monthly'}, 'Monthly budget (USD)'), monthly)),
                h('p', {id: 'limits-hint', class: 'hint'}, 'Leave a box empty to use the configured default.'),
                h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Save limits')))),
        rolesSection(),
        modelsSection(),
        reportsSection());
    await load();
}

/** Back to the login page with a word on why: a changed role needs a new token. */
function logInAgain(notice) {
    logout();
    navigate('/app/login?next=%2Fapp%2Fadmin');
    showNotice(notice);
}

/** For a user who is not admin: the setup token form while no admin exists, else a word on who this page is for. */
async function renderSetup(root) {
    root.append(h('h1', {}, 'Admin'));
    let status;
    try {
        status = await api('GET', '/admin/setup');
    } catch (error) {
        showError(error);
        return;
    }
    if (status.admin_exists || !status.token_pending) {
        root.append(h('p', {}, 'This page is for administrators only.'), status.admin_exists ? null
            : h('p', {class: 'hint'}, 'No administrator exists yet, and no setup token is waiting: an operator can set'
                + ' ADMIN_SETUP_TOKEN and restart the gateway.'));
        return;
    }
    const token = h('input', {id: 'setup-token', name: 'setup_token', type: 'password', required: true,
        autocomplete: 'off', spellcheck: false, 'aria-describedby': 'setup-hint'});
    const submit = h('button', {type: 'submit', class: 'primary'}, 'Become administrator');
    async function claim(event) {
        event.preventDefault();
        submit.disabled = true;
        try {
            await api('POST', '/admin/setup', {setup_token: token.value.trim()});
            logInAgain('You are now the administrator. Log in again to open the admin pages.');
        } catch (error) {
            showError(error);
            submit.disabled = false;
            token.focus();
        }
    }
    root.append(h('section', {class: 'card', 'aria-labelledby': 'setup-heading'},
        h('h2', {id: 'setup-heading'}, 'Become the first administrator'),
        h('form', {id: 'setup-form', onsubmit: claim},
            h('div', {class: 'field'}, h('label', {for: 'setup-token'}, 'Setup token'), token),
            h('p', {id: 'setup-hint', class: 'hint'}, 'No administrator exists yet. Enter the one-time setup token:'
                + ' the gateway’s ADMIN_SETUP_TOKEN, or the token in the file the gateway named when it started (the'
                + ' launcher prints it). It works once.'),
            h('div', {class: 'actions'}, submit))));
}

/** Finds accounts by email and gives or takes the admin role; the change reaches the user at their next login. */
function rolesSection() {
    const search = h('input', {id: 'role-search', name: 'email', type: 'search', required: true, minlength: 2,
        autocomplete: 'off', spellcheck: false, 'aria-describedby': 'role-hint'});
    const list = h('div', {id: 'role-results', 'aria-live': 'polite'});

    async function find(event) {
        event.preventDefault();
        const text = search.value.trim();
        list.replaceChildren(h('p', {class: 'loading'}, 'Loading…'));
        try {
            const found = (await api('GET', `/admin/users?${new URLSearchParams({email: text})}`)).items;
            list.replaceChildren(found.length === 0 ? h('p', {class: 'empty'}, `No account’s email contains “${text}”.`)
                : h('ul', {class: 'role-list'}, found.map(userItem)));
        } catch (error) {
            list.replaceChildren();
            showError(error);
        }
    }

    async function change(user, admin) {
        const updated = await api(admin ? 'PUT' : 'DELETE', `/admin/users/${encodeURIComponent(user.id)}/admin`);
        if (!admin && user.id === currentUser().id) {
            logInAgain('You are no longer an administrator.');
            return;
        }
        showNotice(admin ? `${user.email} is now an administrator, from their next login.`
            : `${user.email} is no longer an administrator.`);
        list.querySelector(`[data-user-id="${user.id}"]`)?.replaceWith(userItem(updated));
    }

    function userItem(user) {
        const admin = (user.roles || []).includes('admin');
        return h('li', {class: 'role-item', 'data-user-id': user.id},
            h('span', {class: 'user-email'}, user.email, admin ? h('span', {class: 'badge'}, 'admin') : null),
            admin ? confirmButton('Remove admin', `Take the admin role from ${user.email}?`, () => change(user, false),
                'Yes, remove')
                : h('button', {type: 'button', class: 'make-admin', onclick: async event => {
                    const button = event.currentTarget;
                    button.disabled = true;
                    try {
                        await change(user, true);
                    } catch (error) {
                        showError(error);
                        button.disabled = false;
                    }
                }}, 'Make admin'));
    }

    return h('section', {class: 'card', 'aria-labelledby': 'roles-heading'},
        h('h2', {id: 'roles-heading'}, 'Administrators'),
        h('form', {class: 'actions', id: 'role-form', onsubmit: find},
            h('label', {for: 'role-search'}, 'Email'), search,
            h('button', {type: 'submit'}, 'Find')),
        h('p', {id: 'role-hint', class: 'hint'}, 'Find an account by part of its email to give or take the admin'
            + ' role. A changed role takes effect at once: the user logs in again. The last administrator stays.'),
        list);
}

const STATUS_WORDS = {active: 'In service', shutting_down: 'Shutting down', shut_down: 'Shut down'};

/** The configured models, with the ones shut down or shutting down soon marked, their date and replacement. */
function modelsSection() {
    const body = h('div', {id: 'admin-models'}, h('p', {class: 'loading'}, 'Loading…'));
    api('GET', '/models').then(catalog => {
        const rows = catalog.models.map(model => {
            const status = modelStatus(model);
            return h('tr', {'data-model': model.name, 'data-status': status},
            h('th', {scope: 'row'}, model.name, model.name === catalog.default_model
                ? h('span', {class: 'badge'}, 'default') : null),
            h('td', {}, status === 'active' ? STATUS_WORDS.active
                : h('strong', {class: 'warning'}, STATUS_WORDS[status] || status)),
            h('td', {}, model.shutdown_date || '–'),
            h('td', {}, model.replaced_by || '–'),
            h('td', {}, String(model.price_kind || '').toLowerCase() === 'token' ? 'per token' : 'per image'));
        });
        // Spelled out for the models still in service that will not be for long: someone has to act before the date.
        const soon = catalog.models.filter(model => modelStatus(model) === 'shutting_down');
        // Built with h(): replaceChildren would write a skipped part (null) out as text.
        body.replaceChildren(h('div', {},
            catalog.configured_default ? h('p', {class: 'hint'}, `The configured default ${catalog.configured_default}`
                + ` is shut down: requests without a model run on ${catalog.default_model}.`) : null,
            h('div', {class: 'table-wrap'}, h('table', {},
                h('caption', {class: 'visually-hidden'}, 'Image models'),
                h('thead', {}, h('tr', {}, ['Model', 'Status', 'Shutdown date', 'Runs instead', 'Billed']
                    .map(name => h('th', {scope: 'col'}, name)))),
                h('tbody', {}, rows))),
            soon.length ? h('ul', {id: 'model-warnings', class: 'model-warnings'},
                soon.map(model => h('li', {}, modelNotice(model)))) : null));
    }, error => {
        body.replaceChildren();
        showError(error);
    });
    return h('section', {class: 'card', 'aria-labelledby': 'models-heading'},
        h('h2', {id: 'models-heading'}, 'Models'), body);
}

/** Reported images, open or resolved, a page at a time; an open one is dismissed or its image removed. */
function reportsSection() {
    let status = 'open';
    let page = 1;
    const list = h('div', {id: 'reports', 'aria-live': 'polite'});
    const reportsPager = pager('reports-pager', 'Report pages');
    const switchTo = value => h('label', {class: 'field checkbox'},
        h('input', {type: 'radio', name: 'report-status', value, checked: value === status, onchange: () => {
            status = value;
            page = 1;
            load();
        }}),
        h('span', {}, value === 'open' ? 'Open' : 'Resolved'));

    async function load() {
        list.replaceChildren(h('p', {class: 'loading'}, 'Loading…'));
        reportsPager.clear();
        try {
            const result = await api('GET', `/admin/reports?status=${status}&page=${page}&size=${REPORTS_PAGE_SIZE}`);
            const pages = Math.max(1, Math.ceil(result.total / result.size));
            if (page > pages) {
                // The last report of the last page was just resolved: show the page before it.
                page = pages;
                return load();
            }
            list.replaceChildren(result.items.length === 0
                ? h('p', {class: 'empty'}, status === 'open' ? 'No open reports.' : 'No resolved reports yet.')
                : h('ul', {class: 'report-list'}, result.items.map(reportItem)));
            reportsPager.show(page, pages, next => {
                page = next;
                load();
            });
        } catch (error) {
            list.replaceChildren();
            showError(error);
        }
    }
    async function resolve(report, action) {
        await api('POST', `/admin/reports/${report.id}/resolve`, {action});
        showNotice(action === 'dismiss' ? 'Report dismissed; the image stays.'
            : 'Image removed; every open report on it is closed.');
        await load();
    }

    const row = (name, value) => [h('dt', {}, name), h('dd', {}, value)];

    // An erased owner's prompt is personal data and was not kept: say so rather than show nothing.
    function promptRow(report) {
        if (report.prompt) {
            return row('Prompt', report.prompt);
        }
        return report.owner_id ? null : row('Prompt', 'Not kept: the owner deleted their account');
    }

    function reportItem(report) {
        return h('li', {class: 'report-item', 'data-report-id': report.id},
            // The thumbnail is gone with the image; the prompt and model were kept on the report when it was filed.
            report.image_removed ? h('div', {class: 'report-gone'}, 'Image removed')
                : thumbnail(report.thumbnail_url, report.prompt || 'Reported image'),
            h('div', {class: 'report-details'},
                h('dl', {class: 'metadata'},
                    promptRow(report),
                    report.revised_prompt && report.revised_prompt !== report.prompt
                        ? row('Revised prompt', report.revised_prompt) : null,
                    report.model ? row('Model', report.model) : null,
                    row('Reason', REASON_WORDS.get(report.reason) || report.reason),
                    report.note ? row('Note', report.note) : null,
                    row('Reporter', report.reporter_id
                        || (report.reporter_erased ? 'a user who deleted their account' : 'anonymous')),
                    row('Reported', new Date(report.created_at).toLocaleString()),
                    report.resolved_at ? row('Outcome', `${ACTION_WORDS[report.action] || report.action}, `
                        + new Date(report.resolved_at).toLocaleString()) : null),
                report.status === 'open' ? h('div', {class: 'actions'},
                    h('button', {type: 'button', class: 'dismiss-report', onclick: async event => {
                        const button = event.currentTarget;
                        button.disabled = true;
                        try {
                            await resolve(report, 'dismiss');
                        } catch (error) {
                            showError(error);
                            button.disabled = false;
                        }
                    }}, 'Dismiss'),
                    confirmButton('Remove image', 'Delete this image for its owner, for good?',
                        () => resolve(report, 'remove_image'), 'Yes, remove')) : null));
    }

    load();
    return h('section', {class: 'card', 'aria-labelledby': 'reports-heading'},
        h('h2', {id: 'reports-heading'}, 'Reported images'),
        h('fieldset', {class: 'actions report-status'},
            h('legend', {class: 'visually-hidden'}, 'Show reports'), switchTo('open'), switchTo('resolved')),
        list,
        reportsPager.element);
}

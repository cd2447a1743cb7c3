// Admin: every user's usage for a month, the month as CSV, and per-user limits.
import {api, fetchBlob} from '../api.js';
import {formatCost, h, showError, showNotice} from '../ui.js';

function thisMonth() {
    return new Date().toISOString().slice(0, 7);
}

/** An empty box means "back to the configured default", which the API takes as null. */
function numberOrNull(input) {
    return input.value.trim() === '' ? null : Number(input.value);
}

export default async function render(root, params) {
    const month = h('input', {id: 'month', name: 'month', type: 'month', value: params.query.get('month') || thisMonth(),
        required: true});
    const report = h('div', {id: 'admin-report', 'aria-live': 'polite'});
    const userId = h('input', {id: 'limit-user', name: 'user', required: true, autocomplete: 'off',
        pattern: '[0-9a-fA-F-]{36}', placeholder: '00000000-0000-0000-0000-000000000000'});
    const daily = h('input', {id: 'limit-daily', name: 'daily', type: 'number', min: 0, step: 1, inputmode: 'numeric',
        'aria-describedby': 'limits-hint'});
    const monthly = h('input', {id: 'limit-monthly', name: 'monthly', type: 'number', min: 0, step: '0.01',
        inputmode: 'decimal', 'aria-describedby': 'limits-hint'});

    async function load() {
        report.replaceChildren(h('p', {class: 'loading'}, 'Loading…'));
        try {
            const rows = await api('GET', `/admin/usage?month=${encodeURIComponent(month.value)}`);
            report.replaceChildren(rows.length === 0 ? h('p', {}, `Nobody generated anything in ${month.value}.`)
                : h('div', {class: 'table-wrap'}, h('table', {id: 'admin-usage'},
                    h('caption', {class: 'visually-hidden'}, `Usage by user in ${month.value}`),
                    h('thead', {}, h('tr', {},
                        h('th', {scope: 'col'}, 'User'),
                        h('th', {scope: 'col', class: 'number'}, 'Images'),
                        h('th', {scope: 'col', class: 'number'}, 'Spend'),
                        h('th', {scope: 'col', class: 'number'}, 'Failures'),
                        h('th', {scope: 'col', class: 'number'}, 'Refused prompts'),
                        h('th', {scope: 'col', class: 'number'}, 'Over a limit'),
                        h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
                    h('tbody', {}, rows.map(row => h('tr', {},
                        h('th', {scope: 'row', class: 'user-id'}, row.user_id),
                        h('td', {class: 'number'}, row.images),
                        h('td', {class: 'number'}, formatCost(row.spend)),
                        h('td', {class: 'number'}, row.failures),
                        h('td', {class: 'number'}, row.content_refusals),
                        h('td', {class: 'number'}, row.quota_refusals),
                        h('td', {}, h('button', {type: 'button', class: 'link-button',
                            'aria-label': `Set limits for ${row.user_id}`, onclick: () => {
                                userId.value = row.user_id;
                                daily.focus();
                            }}, 'Set limits'))))))));
        } catch (error) {
            report.replaceChildren();
            showError(error);
        }
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

    root.append(h('h1', {}, 'Admin: usage'),
        h('section', {class: 'card', 'aria-labelledby': 'report-heading'},
            h('h2', {id: 'report-heading'}, 'Usage by user'),
            h('form', {class: 'actions month-form', onsubmit: event => {
                event.preventDefault();
                load();
            }},
            h('label', {for: 'month'}, 'Month'), month,
            h('button', {type: 'submit'}, 'Show'),
            h('button', {type: 'button', id: 'download-report', onclick: downloadReport}, 'Download report.csv')),
            report),
        h('section', {class: 'card', 'aria-labelledby': 'limits-heading'},
            h('h2', {id: 'limits-heading'}, 'Set a user’s limits'),
            h('form', {id: 'limits-form', novalidate: true, onsubmit: saveLimits},
                h('div', {class: 'field'}, h('label', {for: 'limit-user'}, 'User id'), userId),
                h('div', {class: 'fields'},
                    h('div', {class: 'field'}, h('label', {for: 'limit-daily'}, 'Images per day'), daily),
                    h('div', {class: 'field'}, h('label', {for: 'limit-monthly'}, 'Monthly budget (USD)'), monthly)),
                h('p', {id: 'limits-hint', class: 'hint'}, 'Leave a box empty to use the configured default.'),
                h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Save limits')))));
    await load();
}

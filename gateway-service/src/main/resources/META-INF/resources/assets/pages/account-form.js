// The login and sign-up forms: the same two labelled fields, different API calls.
import {h, navigate, showError} from '../ui.js';

/** Where to go after logging in: the page the user was sent away from, if it is one of ours. */
function nextPage(query) {
    const next = query.get('next');
    return next && next.startsWith('/app/') && !next.startsWith('/app/login') ? next : '/app/generate';
}

export function accountForm(root, params, {heading, action, submitLabel, passwordHint, submit, other}) {
    const email = h('input', {id: 'email', name: 'email', type: 'email', autocomplete: 'email', required: true,
        maxlength: 254});
    const password = h('input', {id: 'password', name: 'password', type: 'password', required: true,
        autocomplete: action === 'register' ? 'new-password' : 'current-password',
        minlength: action === 'register' ? 8 : null, maxlength: 128,
        'aria-describedby': passwordHint ? 'password-hint' : null});
    const button = h('button', {type: 'submit', class: 'primary'}, submitLabel);
    const form = h('form', {class: 'card account-form', 'aria-labelledby': 'account-heading', novalidate: true,
        onsubmit: async event => {
            event.preventDefault();
            button.disabled = true;
            try {
                await submit(email.value.trim(), password.value);
                navigate(nextPage(params.query));
            } catch (error) {
                showError(error);
                password.focus();
            } finally {
                button.disabled = false;
            }
        }},
        h('h1', {id: 'account-heading'}, heading),
        h('div', {class: 'field'}, h('label', {for: 'email'}, 'Email'), email),
        h('div', {class: 'field'}, h('label', {for: 'password'}, 'Password'), password,
            passwordHint ? h('p', {id: 'password-hint', class: 'hint'}, passwordHint) : null),
        h('div', {class: 'actions'}, button),
        h('p', {}, other.text, ' ', h('a', {href: other.href + params.query.toString().replace(/^(?=.)/, '?'),
            'data-link': true}, other.label)));
    root.append(form);
    email.focus();
}

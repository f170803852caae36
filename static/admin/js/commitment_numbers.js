/*
 * A commitment row added with "Thêm nội dung phối hợp" proposes the next number, one above the
 * highest on the page; it stays editable. The server numbers a row left empty the same way
 * (agreements.admin.CommitmentFormSet).
 */
'use strict';
document.addEventListener('formset:added', function (event) {
    if (!event.detail || event.detail.formsetName !== 'commitments') {
        return;
    }
    const added = event.target.querySelector('input[name$="-number"]');
    const group = event.target.closest('.inline-group');
    if (!added || !group) {
        return;
    }
    const numbers = Array.from(group.querySelectorAll('input[name$="-number"]'))
        .filter(function (input) { return input !== added && !input.name.includes('__prefix__'); })
        .map(function (input) { return parseInt(input.value, 10); })
        .filter(Number.isInteger);
    added.value = String(Math.max(0, ...numbers) + 1);
});

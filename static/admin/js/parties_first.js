/*
 * The signatory picker on the programme page offers the organizations entered as parties above it
 * first: its autocomplete requests carry their ids as "truoc", which the server lists first
 * (core/admin_search.py). Parties are read when the picker asks, so rows added, changed or
 * marked for deletion a moment ago count as they are now.
 */
'use strict';
(function ($) {
    const PICKER = {model_name: 'signatory', field_name: 'organization'};
    const PARTY = /^parties-(\d+)-organization$/;

    function partyIds() {
        const ids = [];
        document.querySelectorAll('select[name^="parties-"][name$="-organization"]').forEach(function (select) {
            const row = PARTY.exec(select.name);
            const deleted = row && document.querySelector('input[name="parties-' + row[1] + '-DELETE"]:checked');
            if (row && select.value && !deleted && !ids.includes(select.value)) {
                ids.push(select.value);
            }
        });
        return ids;
    }

    $.ajaxPrefilter(function (options) {
        if (typeof options.data !== 'string') {
            return;
        }
        const params = new URLSearchParams(options.data);
        if (params.get('model_name') !== PICKER.model_name || params.get('field_name') !== PICKER.field_name) {
            return;
        }
        const ids = partyIds();
        if (ids.length) {
            params.set('truoc', ids.join(','));
            options.data = params.toString();
        }
    });
}(django.jQuery));

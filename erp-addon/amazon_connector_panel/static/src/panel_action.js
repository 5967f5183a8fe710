/** @odoo-module **/
/* global fetch, window -- a browser module (the workspace lint config is Node's) */
// The "Amazon" client action: frames the connector's panel at <panel_url>/admin/#erp_token=<jwt> and answers the
// panel's `aec:need-token` messages with a fresh token. Only APIs shared by Odoo 17, 18 and 19 (the `actions`
// registry, Owl's Component / xml / hooks, window.fetch) and ES2019 syntax (Odoo's rule: no static class fields).
import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState, xml } from "@odoo/owl";
import { registry } from "@web/core/registry";

const TOKEN_URL = "/amazon_connector/panel_token";

/** A fresh one-minute token signed by the addon's controller for the logged-in user: { token, panelUrl }. */
async function fetchPanelToken() {
    const response = await fetch(TOKEN_URL, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
        throw new Error((body && body.message) || "The panel token could not be fetched (HTTP " + response.status + ")");
    }
    if (!body || typeof body.token !== "string") {
        // auth='user' sends an expired Odoo session to the login page (HTML), not to a JSON error
        throw new Error("Your Odoo session has ended: reload the page and log in again");
    }
    return body;
}

export class AmazonPanelAction extends Component {
    setup() {
        this.frame = useRef("frame");
        this.state = useState({ src: "", error: "" });
        this.panelOrigin = "";
        this.onMessage = (event) => this.answerTokenRequest(event);
        onWillStart(async () => {
            try {
                const answer = await fetchPanelToken();
                this.panelOrigin = new URL(answer.panelUrl).origin;
                this.state.src = answer.panelUrl + "/admin/#erp_token=" + encodeURIComponent(answer.token);
            } catch (error) {
                this.state.error = error.message;
            }
        });
        onMounted(() => window.addEventListener("message", this.onMessage));
        onWillUnmount(() => window.removeEventListener("message", this.onMessage));
    }

    /** Only our own frame, from the panel's origin, gets a token; anything else is ignored. */
    async answerTokenRequest(event) {
        const frame = this.frame.el;
        if (!frame || event.source !== frame.contentWindow || event.origin !== this.panelOrigin) {
            return;
        }
        if (!event.data || event.data.type !== "aec:need-token") {
            return;
        }
        try {
            const answer = await fetchPanelToken();
            frame.contentWindow.postMessage({ type: "aec:erp-token", token: answer.token }, this.panelOrigin);
        } catch (error) {
            this.state.error = error.message;
        }
    }
}
AmazonPanelAction.props = ["*"];
AmazonPanelAction.template = xml`
    <div class="o_action amazon_connector_panel d-flex flex-column h-100">
        <div t-if="state.error" class="alert alert-danger m-3" role="alert" t-esc="state.error"/>
        <iframe t-if="state.src" t-ref="frame" t-att-src="state.src" title="Amazon connector"
                class="flex-grow-1 w-100 border-0" style="min-height: 0;"/>
    </div>`;

registry.category("actions").add("amazon_connector_panel.panel", AmazonPanelAction);

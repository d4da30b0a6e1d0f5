"""Software and services that research notes name all the time, some of them also someone's
first name somewhere ("Jira", "Miro", "Asana"): never taken for a person's name on their own.
Data only; :mod:`persona_batch.privacy.recognisers.names` and :mod:`~persona_batch.privacy.recognisers.ner` use it. Products a team would write about,
in lower case. Places are left to the place rules: a city that is also a product is still a
city after "lives in".
"""

from __future__ import annotations

_PRODUCTS = """
    jira confluence trello asana miro figma sketch notion airtable monday basecamp clickup
    linear wrike smartsheet todoist evernote dropbox box onedrive sharepoint outlook gmail
    excel word powerpoint teams skype zoom webex slack discord whatsapp telegram signal viber
    salesforce hubspot zendesk intercom freshdesk freshworks pipedrive zoho marketo mailchimp
    klaviyo shopify magento woocommerce wordpress wix squarespace webflow stripe paypal adyen
    klarna xero quickbooks sage netsuite oracle sap workday bamboohr bamboo personio gusto
    deel rippling tableau looker metabase powerbi qlik mixpanel amplitude hotjar
    fullstory segment optimizely typeform qualtrics surveymonkey dovetail maze lookback
    calendly docusign canva loom vimeo youtube github gitlab bitbucket jenkins sentry datadog
    grafana kibana splunk okta auth0 aws azure heroku vercel netlify firebase supabase
    postgres mysql mongodb redis snowflake databricks bigquery redshift kafka docker
    kubernetes android ios macos windows linux chrome firefox safari edge
    chatgpt openai copilot midjourney perplexity pendo userpilot appcues retool posthog zapier
    jupyter colab tiktok revolut monzo venmo cashapp ubereats deliveroo doordash grubhub
    instacart glovo vinted alibaba mercadolibre hubstaff toggl clockify clearbit lazada
    kubectl terraform ansible nginx elasticsearch circleci argocd pagerduty opsgenie statuspage
    graphql
    """
_FORMATS = """
    webhook webhooks oauth saml scim sso jwt csv xlsx json yaml sdk
    """
"""Formats and protocols the notes name as often as products, and no list has either: "sso:"
at a chat line's start is no speaker, "ask scim" no one."""
PRODUCT_NAMES: frozenset[str] = frozenset(_PRODUCTS.split() + _FORMATS.split())

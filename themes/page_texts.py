# ruff: noqa: E501 (prose: one paragraph per line, as officers edit it)
"""The text each public information page shows until an officer writes its own.

Written for any partnership: the page around the text names the partnership and its contact
details from `Partnership`. "## " starts a heading, "- " a bullet, a blank line a paragraph
(`portal.templatetags.portal.sections`).
"""

from django.utils.translation import gettext_lazy as _

ACCESSIBILITY = _("""This accessibility statement applies to the public pages of this website: the partnership's plans, their themes and actions, "You said, we're doing", the indicators, open data and this site's information pages. The signed-in pages for partners and officers are covered by the same statement.

We want as many people as possible to be able to use this website. For example, that means you should be able to:

- change colours, contrast levels and fonts using your browser or device settings
- zoom in up to 400% without the text spilling off the screen
- navigate most of the website using just a keyboard or speech recognition software
- listen to most of the website using a screen reader
- read every page on a mobile phone without scrolling sideways

We have also made the website text as simple as possible to understand. AbilityNet has advice on making your device easier to use if you have a disability.

## How accessible this website is

We know some parts of this website are not fully accessible:

- charts on the indicator pages are images of the figures; the same figures are always in a table beside them
- some documents linked from actions are PDFs or spreadsheets written by partner organisations, and may not be fully accessible

## Feedback and contact information

If you need information on this website in a different format, like accessible PDF, large print, easy read, audio recording or braille, contact us using the details on the contact page. We'll consider your request and get back to you in 10 working days.

## Reporting accessibility problems with this website

We're always looking to improve the accessibility of this website. If you find any problems not listed on this page or think we're not meeting accessibility requirements, contact us using the details on the contact page.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). If you're not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).

## Technical information about this website's accessibility

The partnership is committed to making its website accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

## Compliance status

This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below.

## Non-accessible content

The content listed below is non-accessible for the following reasons.

- Documents published by partner organisations and linked from actions may not meet the standard: they are not essential to understanding the plan, whose text is on the web pages themselves.

## What we're doing to improve accessibility

Every page of the public site is checked automatically against WCAG 2.2 AA (with axe and the Nu HTML Checker) each time the website changes, and at phone widths of 320 and 390 pixels.

## Preparation of this accessibility statement

This statement was prepared on 1 December 2026. It was last reviewed on 1 December 2026.

This website was last tested on 1 December 2026 against the WCAG 2.2 AA standard. The test was carried out by the partnership's developers, who tested every type of page with automated tools and by hand with a keyboard, a screen reader and a phone.""")

PRIVACY = _("""This notice explains what personal data this website holds, why, and your rights. The partnership is the controller of this data; the council that hosts the website processes it for the partnership.

## Residents

You do not need an account to read this website. We do not collect your name, address or any other personal data when you read it, and we set no cookies until you open the sign-in page. The web server keeps a log of requests, with IP addresses, to keep the website secure.

## Partners' and officers' staff

To let partner organisations report on the plan, the website holds about each person with an account:

- their username, first and last name, email address and a hash of their password, so they can sign in and reset a forgotten password
- their role and the partner organisations they belong to, to decide what they may see and change
- which progress updates they wrote and every change they made, as an audit trail of the plan's records
- failed sign-ins (the username typed and the IP address), for 30 days, to stop password guessing
- named contacts of actions: a person's name is never shown publicly unless the partnership has recorded that it may be

Progress updates are about the partnership's work, not about people. Only an update's public summary is ever published.

## Why we hold it

We hold this data to perform a public task: the partnership's duty to agree, deliver and report on a plan to reduce crime and disorder (Crime and Disorder Act 1998).

## How long we keep it

Accounts are kept while the person works on the plan and erased when the partnership's retention period for the plan's records ends. Sessions end 8 hours after the last visit.

## Your rights

You can ask for a copy of the data we hold about you, ask us to correct it, or ask us to erase it. Contact us using the details on the contact page. If you are unhappy with how we have used your data, you can complain to the Information Commissioner's Office (ICO).""")

COOKIES = _("""This website puts small files (known as 'cookies') on your computer only when they are needed for it to work. We do not use cookies to track you, for analytics or for advertising, so we do not ask for your consent.

Reading the plan, its actions and the open data sets no cookie at all. The cookies below are set only when you sign in or use a form.""")

CONTACT = _("""To ask about the partnership's plan, an action or this website, or to report a problem with it, write to us using the details below.

We aim to answer within 10 working days. If you are reporting a crime or are in danger, call 999; for non-emergencies, call 101.""")

DEFAULTS = {
    "accessibility": ACCESSIBILITY,
    "privacy": PRIVACY,
    "cookies": COOKIES,
    "contact": CONTACT,
}

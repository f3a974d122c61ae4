"""The phrase banks the demo data is written from, and the writer that fills their slots."""

TOWN_STARTS = [
    "North",
    "South",
    "East",
    "West",
    "Ash",
    "Brook",
    "Kings",
    "Elm",
    "Lark",
    "Mill",
    "Oak",
    "Stan",
    "Wick",
    "Hart",
    "Fen",
    "Marl",
    "Thorn",
    "Bram",
    "Coll",
    "Dun",
]
TOWN_ENDS = ["mere", "bridge", "field", "ford", "ley", "wick", "ham", "ton", "borough", "stead"]

ORGANISATION_KINDS = [
    ("{town} Borough Council", True, True),
    ("{county} Police", True, True),
    ("{county} Fire and Rescue Service", True, True),
    ("{town} Integrated Care Board", True, True),
    ("Probation Service {county}", True, True),
    ("{county} Police and Crime Commissioner", True, True),
    ("{town} Housing Association", False, False),
    ("{town} Women's Aid", False, False),
    ("{town} Youth Trust", False, False),
    ("{town} Mosques and Churches Forum", False, False),
    ("{town} Business Improvement District", False, False),
    ("{county} Victim Support", False, False),
    ("{town} Drug and Alcohol Service", False, False),
    ("{town} College", False, False),
    ("{county} Trading Standards", False, False),
    ("{town} Neighbourhood Watch Association", False, False),
]
COUNCIL_TEAMS = [
    "Public Health",
    "Neighbourhood Services",
    "Youth Service",
    "Licensing",
    "Community Safety Team",
    "Housing Options",
    "Children's Services",
    "Adult Safeguarding",
    "Environmental Protection",
    "Parking and Highways",
]

THEMES = [
    (
        "Tackling serious violence and knife crime",
        "Reduce violence in public places and the number of young people carrying knives.",
    ),
    (
        "Safer streets and neighbourhoods",
        "Make town centres, parks and estates feel safe by day and by night.",
    ),
    (
        "Domestic abuse and violence against women and girls",
        "Support victims early, hold perpetrators to account and change attitudes.",
    ),
    (
        "Anti-social behaviour",
        "Respond quickly to anti-social behaviour and fix the places where it recurs.",
    ),
    (
        "Exploitation and county lines",
        "Protect children and adults at risk of criminal and sexual exploitation.",
    ),
    ("Reducing reoffending", "Help people leaving prison into housing, work and treatment."),
    ("Drugs and alcohol", "Reduce the harm drugs and alcohol do to people and neighbourhoods."),
    (
        "Hate crime and community cohesion",
        "Encourage reporting of hate crime and bring communities together.",
    ),
    ("Road safety", "Cut the number of people killed or seriously injured on local roads."),
    (
        "Fraud, scams and online harm",
        "Protect older and vulnerable residents from fraud and online abuse.",
    ),
    (
        "Prevent and radicalisation",
        "Stop people being drawn into terrorism, through schools, faith groups and services.",
    ),
    ("Environmental crime", "Tackle fly-tipping, graffiti and abandoned vehicles."),
]

PRIORITIES = [
    ("Early intervention and prevention", "Act before harm happens, not after."),
    ("Listening to residents", "Decisions shaped by what residents tell us."),
    ("Working as one partnership", "Share data, plans and budgets across organisations."),
    ("Protecting the most vulnerable", "Children, older people and victims come first."),
    ("Using evidence", "Do what works, and stop what does not."),
    ("Reducing inequality", "Focus on the neighbourhoods with the highest harm."),
]

STATEMENTS = [
    "We want to feel safe walking through the town centre at night",
    "Young people need more to do and somewhere safe to go",
    "Drug dealing on our estate has to stop",
    "We do not know who to call when something happens",
    "Speeding cars make our street dangerous for children",
    "Victims of domestic abuse need help sooner",
    "Fly-tipping makes our area look neglected",
    "We want to see more police officers on foot",
    "Older people are being targeted by scammers",
    "Hate crime is not taken seriously",
]
COMMITMENTS = [
    "More joint patrols by police and council wardens on Friday and Saturday nights.",
    "Better street lighting and CCTV in the places residents named as unsafe.",
    "Youth clubs open later in the evening during school holidays.",
    "A single number and web form for reporting anti-social behaviour.",
    "Closure orders on properties used for drug dealing.",
    "Speed checks with Community Speedwatch volunteers near schools.",
    "Independent domestic violence advisers in the hospital and GP surgeries.",
    "Fly-tipping hotspots cleared within two working days and watched by cameras.",
    "Neighbourhood officers who stay in the same ward for at least two years.",
    "Scam awareness sessions in libraries, sheltered housing and faith centres.",
    "Third-party hate crime reporting centres in community venues.",
    "Quarterly community meetings where residents set local priorities.",
    "Mentoring for young people excluded from school.",
    "Safe spaces in shops and cafés for anyone who feels threatened.",
]

VERBS = [
    "Deliver",
    "Expand",
    "Launch",
    "Commission",
    "Review",
    "Pilot",
    "Extend",
    "Develop",
    "Continue",
    "Strengthen",
    "Co-ordinate",
    "Introduce",
]
OBJECTS = [
    "a programme of hotspot patrols",
    "a youth diversion scheme",
    "targeted CCTV upgrades",
    "bystander training for night-time economy staff",
    "a knife amnesty and education campaign",
    "a multi-agency problem-solving group",
    "a perpetrator behaviour change programme",
    "a county lines awareness campaign for schools",
    "a Safer Streets bid",
    "a community trigger review process",
    "joint licensing visits to late-night venues",
    "outreach for rough sleepers with complex needs",
    "a fraud prevention service",
    "a Community Speedwatch network",
    "restorative justice conferences",
    "a trauma-informed practice training programme",
    "an anti-social behaviour case system",
    "a hate crime awareness week",
    "mentoring for young people at risk of exclusion",
    "a drug and alcohol treatment pathway from custody",
    "a domestic abuse housing scheme",
    "test purchase operations on knife sales",
    "a fly-tipping enforcement campaign",
    "a Prevent training programme for front-line staff",
]
PLACES = [
    "in the town centre",
    "on the three estates with the highest harm",
    "in every secondary school",
    "around the railway station",
    "in the night-time economy",
    "across the borough",
    "in the parks named by residents",
    "along the main shopping street",
    "in partnership with housing providers",
    "with faith and community groups",
]
PURPOSES = [
    "to reduce repeat victimisation",
    "so that residents feel safer",
    "to prevent young people being drawn into crime",
    "to reduce reoffending",
    "to improve reporting",
    "to protect vulnerable adults",
    "to cut hospital admissions",
    "to disrupt drug supply",
    "to reduce calls about anti-social behaviour",
]
ROLES = [
    "Community Safety Partnership Manager",
    "Neighbourhood Policing Inspector",
    "Head of Public Protection",
    "Domestic Abuse Co-ordinator",
    "Youth Justice Manager",
    "Prevent Co-ordinator",
    "Public Health Consultant",
    "Licensing Manager",
    "Road Safety Officer",
    "Safeguarding Lead",
]
DOCUMENTS = [
    "Strategic needs assessment",
    "Serious violence strategy",
    "Action plan",
    "Evaluation report",
    "Terms of reference",
    "Partnership agreement",
    "Funding bid",
    "Equality impact assessment",
]

OPENINGS = [
    "This quarter the team {did} {activity} {place}.",
    "We {did} {activity} {place}, working with {partner}.",
    "Work continued on {activity}; {count} sessions were held {place}.",
    "Since the last update we have {did} {activity} {place}.",
    "{partner} {did} {activity} {place} during {month}.",
]
DID = ["completed", "started", "expanded", "reviewed", "delivered", "re-launched", "funded"]
ACTIVITIES = [
    "weekend patrols",
    "a week of action against knife crime",
    "school assemblies on exploitation",
    "training for licensed premises staff",
    "joint visits with housing officers",
    "the referral pathway for victims",
    "a consultation with residents",
    "the data-sharing agreement",
    "outreach sessions with young people",
    "the mapping of anti-social behaviour hotspots",
    "a campaign on scams and doorstep crime",
    "the new case management system",
    "the bid to the Safer Streets Fund",
    "drop-in sessions at the community hub",
    "test purchase operations",
]
MIDDLES = [
    "Feedback from residents was positive, although attendance varied between wards.",
    "Referrals rose by {percent}% compared with the same quarter last year.",
    "Calls about anti-social behaviour fell by {percent}% in the targeted area.",
    "Recruitment delays meant that some sessions moved to the next quarter.",
    "Funding for the next year has been agreed by the Executive.",
    "The evaluation found the approach works best when partners share information early.",
    "Staff turnover slowed progress, and a new lead officer is now in post.",
    "Partners agreed a joint problem profile to focus the work where harm is highest.",
    "The steering group met {few} times and agreed revised terms of reference.",
    "Data from the police and the hospital emergency department now feed one dashboard.",
]
BULLETS = [
    "- {count} young people referred to mentoring",
    "- {count} joint patrols in the town centre",
    "- {count} premises visited by licensing officers",
    "- {count} residents attended community meetings",
    "- {count} victims supported by independent advisers",
    "- {count} weapons removed through surrender bins",
    "- {count} staff trained in trauma-informed practice",
    "- {count} fly-tipping incidents cleared within two days",
    "- closure order granted on one property",
    "- new CCTV cameras installed at the station",
]
RISKS = [
    "The main risk is funding beyond March; a bid has been submitted.",
    "Delivery depends on recruiting two more youth workers.",
    "The data-sharing agreement is still awaiting legal sign-off.",
    "Demand is higher than expected and waiting times have grown.",
]
SUMMARIES = [
    "Work on {activity} continued {place}.",
    "Partners {did} {activity}, and residents' feedback was positive.",
    "The partnership {did} {activity} {place}; more is planned next quarter.",
    "Progress slowed this quarter because of staffing, but the work is continuing.",
    "This action is on course: {activity} took place as planned.",
    "Over {count} people took part in {activity} this quarter.",
]
NEXT_STEPS = [
    "Evaluate the first year and report to the Executive.",
    "Extend the scheme to two more wards.",
    "Agree funding for next year.",
    "Recruit volunteers for the summer programme.",
    "Publish the findings of the review.",
]
RETURN_COMMENTS = [
    "Please add the figures for this quarter and remove the name in the second paragraph.",
    "The public summary repeats the narrative: please shorten it for residents.",
    "Please say what will happen next quarter.",
]
MONTHS = [
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
]


class Writer:
    """Fills the phrase banks' slots with the generator's random choices."""

    def __init__(self, rng, partner_names):
        self.rng = rng
        self.partner_names = partner_names

    def fill(self, template):
        rng = self.rng
        return template.format(
            did=rng.choice(DID),
            activity=rng.choice(ACTIVITIES),
            place=rng.choice(PLACES),
            partner=rng.choice(self.partner_names),
            month=rng.choice(MONTHS),
            count=rng.randint(5, 240),
            few=rng.randint(2, 9),
            percent=rng.randint(3, 35),
        )

    def action_text(self):
        rng = self.rng
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)} "
        text += f"{rng.choice(PURPOSES)}."
        if rng.random() < 0.35:
            text += " " + self.fill(rng.choice(MIDDLES))
        if rng.random() < 0.15:
            text += "\n\n" + "\n".join(self.fill(b) for b in rng.sample(BULLETS, 3))
        return text

    def narrative(self):
        rng = self.rng
        paragraphs = [self.fill(rng.choice(OPENINGS))]
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            paragraphs.append(
                " ".join(self.fill(m) for m in rng.sample(MIDDLES, rng.randint(1, 3)))
            )
        if rng.random() < 0.5:
            paragraphs.append(
                "\n".join(self.fill(b) for b in rng.sample(BULLETS, rng.randint(2, 5)))
            )
        if rng.random() < 0.25:
            paragraphs.append(rng.choice(RISKS))
        return "\n\n".join(paragraphs)

    def summary(self):
        rng = self.rng
        text = self.fill(rng.choice(SUMMARIES))
        if rng.random() < 0.3:
            text += " " + self.fill(rng.choice(MIDDLES))
        return text

/// The policy as `key=value` settings: what POLICY shows and POLICY SET
/// changes. One table, so the two never disagree.
extension Policy {
    /// Every setting, in the order POLICY lists them.
    public var settings: [(key: String, value: String)] {
        var settings: [(String, String)] = []
        for riskClass in RiskClass.allCases {
            let rules = self[riskClass]
            let prefix = "class.\(riskClass)."
            settings.append((prefix + "terms", "\(rules.terms)"))
            settings.append((prefix + "limit", "\(rules.limit)"))
            settings.append((prefix + "grace", "\(rules.graceDays)"))
            settings.append((prefix + "minimum_overdue", "\(rules.minimumOverdue)"))
            settings.append((prefix + "bounced", "\(rules.bouncedLimit)"))
            settings.append((prefix + "broken_promises", "\(rules.brokenPromiseLimit)"))
            settings.append((prefix + "earnest", "\(rules.earnestPercent)"))
            settings.append((prefix + "review_months", "\(rules.reviewMonths)"))
            settings.append((prefix + "interest", Policy.percent(rules.interestBasisPoints)))
            settings.append((prefix + "late_fee", "\(rules.lateFee)"))
        }
        settings.append(("default.class", "\(defaultClass)"))
        settings.append(("override.maximum", "\(overrideMaximum)"))
        settings.append(("phone.window", "\(phoneWindow)"))
        settings.append(("phone.amount_max", "\(phoneAmountMax)"))
        settings.append(("override.count_max", "\(overrideCountMax)"))
        settings.append(("override.window", "\(overrideWindow)"))
        settings.append(("earnest.days", "\(earnestDays)"))
        settings.append(("order.hold", "\(orderHold)"))
        settings.append(("watch.limit_percent", "\(watchLimitPercent)"))
        settings.append(("watch.days", "\(watchDays)"))
        settings.append(("worklist.phone_from", "\(phoneFrom)"))
        settings.append(("worklist.dispute_days", "\(disputeDays)"))
        settings.append(("worklist.agency_days", "\(agencyDays)"))
        settings.append(("dispute.pay_days", "\(disputePayDays)"))
        settings.append(("instrument.max_days", "\(instrumentMaxDays)"))
        return settings
    }

    /// Changes one setting, or throws and changes nothing.
    public mutating func set(_ key: String, to value: String) throws(CreditError) {
        let parts = key.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "class", let riskClass = RiskClass(name: parts[1]) {
            var rules = self[riskClass]
            switch parts[2] {
            case "terms":
                guard let terms = Terms(parsing: value) else {
                    throw CreditError(.badValue, "\(key) must be days from 0 to 3650, eom or eom+<days>")
                }
                rules.terms = terms
            case "limit": rules.limit = try Policy.money(key, value)
            case "grace": rules.graceDays = try Policy.number(key, value, 0...3650)
            case "minimum_overdue": rules.minimumOverdue = try Policy.money(key, value)
            case "bounced": rules.bouncedLimit = try Policy.number(key, value, 1...100)
            case "broken_promises": rules.brokenPromiseLimit = try Policy.number(key, value, 1...100)
            case "earnest": rules.earnestPercent = try Policy.number(key, value, 0...100)
            case "review_months": rules.reviewMonths = try Policy.number(key, value, 1...120)
            case "interest": rules.interestBasisPoints = try Policy.basisPoints(key, value)
            case "late_fee": rules.lateFee = try Policy.money(key, value)
            default: throw CreditError(.unknownKey, "no policy setting \(key); POLICY lists them")
            }
            classes[riskClass] = rules
            return
        }
        switch key.lowercased() {
        case "default.class":
            guard let riskClass = RiskClass(name: value) else {
                throw CreditError(.badValue, "\(key) must be A, B, C or D")
            }
            defaultClass = riskClass
        case "override.maximum": overrideMaximum = try Policy.span(key, value)
        case "phone.window": phoneWindow = try Policy.span(key, value)
        case "phone.amount_max": phoneAmountMax = try Policy.money(key, value)
        case "override.count_max": overrideCountMax = try Policy.number(key, value, 1...1000)
        case "override.window": overrideWindow = try Policy.span(key, value)
        case "earnest.days": earnestDays = try Policy.number(key, value, 0...3650)
        case "order.hold": orderHold = try Policy.span(key, value)
        case "watch.limit_percent": watchLimitPercent = try Policy.number(key, value, 1...100)
        case "watch.days": watchDays = try Policy.number(key, value, 0...3650)
        case "worklist.phone_from": phoneFrom = try Policy.money(key, value)
        case "worklist.dispute_days": disputeDays = try Policy.number(key, value, 1...3650)
        case "worklist.agency_days": agencyDays = try Policy.number(key, value, 1...119)
        case "dispute.pay_days": disputePayDays = try Policy.number(key, value, 0...3650)
        case "instrument.max_days": instrumentMaxDays = try Policy.number(key, value, 0...3650)
        default: throw CreditError(.unknownKey, "no policy setting \(key); POLICY lists them")
        }
    }

    static func number(_ key: String, _ value: String, _ range: ClosedRange<Int>) throws(CreditError) -> Int {
        guard value.allSatisfy(\.isASCII), let number = Int(value), range.contains(number) else {
            throw CreditError(
                .badValue, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A yearly percent with at most two decimals, 0 to 100, as hundredths of a percent ("8.5" is 850).
    static func basisPoints(_ key: String, _ value: String) throws(CreditError) -> Int {
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 3, fraction.count <= 2,
            (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || !fraction.isEmpty,
            let number = Int(whole + fraction.padding(toLength: 2, withPad: "0", startingAt: 0)), number <= 10_000
        else {
            throw CreditError(
                .badValue, "\(key) must be a yearly percent from 0 to 100 with at most two decimals, like 8.5")
        }
        return number
    }

    /// Hundredths of a percent as a percent with two decimals: 850 is "8.50".
    public static func percent(_ basisPoints: Int) -> String {
        "\(basisPoints / 100)." + String("0\(basisPoints % 100)".suffix(2))
    }

    static func money(_ key: String, _ value: String) throws(CreditError) -> Money {
        guard let money = Money(parsing: value) else {
            throw CreditError(.badAmount, "\(key) must be money like 123.45")
        }
        return money
    }

    static func span(_ key: String, _ value: String) throws(CreditError) -> Period {
        guard let span = Period(parsing: value) else {
            throw CreditError(.badDuration, "\(key) must be like 30m, 2h or 3d")
        }
        return span
    }
}

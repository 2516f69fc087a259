// CommandFunction: API Gateway requests → the bank's commands (events appended to EVENTS_TABLE) and read models
// (from PROJECTIONS_TABLE). The routes are BankDomain's `BankAPI.routes`; configuration comes from the
// environment (README, "Configuration"), and anything missing is an init error.
import EventSourcingBankDomain
import EventSourcingLambda
import LambdaRuntime

Lambda.run { context in
    try CommandAPIHandler(BankAPI.routes, context: context)
}

/** The reorder flow as other code may reach it: its declaration, settings and the pure forecast core. */
export { reorderFlow } from './reorder.flow.ts';
export { reorderSettings, termsFor } from './reorder.settings.ts';
export { reorderAdvice, dailyDemand, type ReorderAdvice, type ForecastTerms, type WeekSales } from './mapping/forecast.ts';
export { backtest, type BacktestResult, type BacktestSeries } from './mapping/backtest.ts';
